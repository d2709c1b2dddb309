using System.Text.RegularExpressions;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The chain read from a format-2 chain manifest (the source generator's) instead of the classes: the same heads,
/// history and check findings as a scan of the same sources, the same file and line in an error, and no migration
/// class loaded to get them.
/// </summary>
public partial class ManifestChainTests : IClassFixture<ManifestBuilds>
{
    private readonly ManifestBuilds _builds;

    public ManifestChainTests(ManifestBuilds builds)
    {
        _builds = builds;
    }

    [Fact]
    public async Task HeadsHistoryAndCheck_FromTheManifest_SayWhatTheScanOfTheSameSourcesSays()
    {
        async Task<ProcessResult[]> All(string assembly) => new[]
        {
            await Mchain.RunAsync(_builds.Root, "heads", "--assembly", assembly),
            await Mchain.RunAsync(_builds.Root, "history", "--assembly", assembly),
            await Mchain.RunAsync(_builds.Root, "history", "--json", "--assembly", assembly),
            await Mchain.RunAsync(_builds.Root, "branches", "--assembly", assembly),
            await Mchain.RunAsync(_builds.Root, "check", "--assembly", assembly),
        };

        var manifest = await All(_builds.WithManifest);
        var scan = await All(_builds.WithoutGenerator);
        var (heads, history, json, _, check) = (manifest[0], manifest[1], manifest[2], manifest[3], manifest[4]);

        Assert.True(heads.ExitCode == 0, heads.ToString());
        Assert.Equal(new[] { "0002_email (head)", "0002_phone (head)", "0003_orders (head)" }, Lines(heads.Output));
        Assert.Contains("mchain merge -m \"merge heads\" 0002_email 0002_phone", heads.Error);
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("0002_missing -> 0003_orders (head)", history.Output);
        Assert.Contains($"\"file\": {System.Text.Json.JsonSerializer.Serialize(_builds.MigrationFile("M0003_Orders"))}", json.Output);

        // The error points at the [Migration] attribute to fix: the generator records its line and column.
        Assert.Equal(3, check.ExitCode);
        Assert.Contains($"{_builds.MigrationFile("M0003_Orders")}(5,2): error MC1002:", check.Output);
        Assert.Contains($"{_builds.MigrationFile("M0002_Email")}(5,2): error MC1003:", check.Output);

        // Built without the generator, the same sources give the same documents; the scan's locations come from the PDB
        // and the source text, which places the column at the attribute's '[' rather than its name.
        for (var i = 0; i < manifest.Length; i++)
        {
            Assert.Equal(scan[i].ExitCode, manifest[i].ExitCode);
            Assert.Equal(Normalized(scan[i].Output), Normalized(manifest[i].Output));
            Assert.Equal(Normalized(scan[i].Error), Normalized(manifest[i].Error));
        }

        Assert.Contains($"{_builds.MigrationFile("M0003_Orders")}(5,1): error MC1002:", scan[4].Output);
    }

    [Fact]
    public async Task HeadsHistoryAndCheck_WithAManifest_LoadNoMigrationClass()
    {
        var heads = await Mchain.RunAsync(_builds.Root, "heads", "--verbose", "--assembly", _builds.WithManifest);
        var history = await Mchain.RunAsync(_builds.Root, "history", "--verbose", "--assembly", _builds.WithManifest);
        var check = await Mchain.RunAsync(_builds.Root, "check", "--verbose", "--assembly", _builds.WithManifest);
        var scanned = await Mchain.RunAsync(_builds.Root, "heads", "--verbose", "--assembly", _builds.WithoutGenerator);

        Assert.True(heads.ExitCode == 0, heads.ToString());
        Assert.Contains("4 migration(s) from the chain manifests of WithManifest", heads.Error);
        foreach (var run in new[] { heads, history, check })
        {
            Assert.DoesNotContain(ContractsLoaded, run.Error);
        }

        // The probe works: reading the classes (the scan of the build without a manifest) loads them, and with them
        // the library their interface comes from.
        Assert.True(scanned.ExitCode == 0, scanned.ToString());
        Assert.Contains(ContractsLoaded, scanned.Error);
        Assert.Equal(heads.Output, scanned.Output);
    }

    [Fact]
    public async Task ARevisionDeclaredTwice_IsListedTwiceByTheManifest_AndReported()
    {
        var check = await Mchain.RunAsync(_builds.Root, "check", "--verbose", "--assembly", _builds.WithDuplicate);

        Assert.Equal(3, check.ExitCode);
        Assert.Contains("error MC1004:", check.Output);
        // The generator lists every declaration, so the manifest alone shows the duplicate; no class is read for it.
        Assert.False(check.Error.Contains("so its classes are read"), check.Error);
        Assert.DoesNotContain(ContractsLoaded, check.Error);
    }

    private const string ContractsLoaded = "trace: Contracts: ";

    private static string[] Lines(string text) => text.Trim().ReplaceLineEndings("\n").Split('\n');

    // Everything but the column of a location (and the per-assembly names the documents carry).
    private static string Normalized(string text) =>
        Location().Replace(text, "($1,_)").Replace("WithoutGenerator", "WithManifest", StringComparison.Ordinal);

    [GeneratedRegex(@"\((\d+),\d+\)")]
    private static partial Regex Location();
}
