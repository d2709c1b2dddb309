using System.Reflection;
using MigrationChain.Manifest;
using static MigrationChain.Runtime.Tests.Manifest.MigrationAssemblyWriter;

namespace MigrationChain.Runtime.Tests.Manifest;

/// <summary>
/// The runtime reads a loaded assembly's chain manifest in place, from the UTF-8 bytes in its metadata: it must read
/// exactly what the string the attribute holds reads (escapes, characters beyond ASCII, unknown checksums, locations),
/// and reject exactly what that string's reader rejects.
/// </summary>
public class ManifestInPlaceTests
{
    private static string Manifest(string owner) => ChainManifestText.Write(new[]
    {
        new ChainManifestRow("0001_init", "Lib", "Lib.Migrations.Init", "sha:1", Info("0001_init", null, "core")),
        new ChainManifestRow("0002_ünïcode", owner, "App.Migrations.Ünïcode", null, Info("0002_ünïcode", "0001_init", null), new SourceLocation("Migrations/Über/日本.cs", 12, 5)),
        new ChainManifestRow("0003_odd", owner, "App.Migrations.Odd+Nested", "sha:3", Info("0003_odd", "0002_ünïcode", "a,b\tc"), new SourceLocation("C:\\src\\tab\there.cs", 1, 1)),
        new ChainManifestRow("0004_plain", owner, "App.Migrations.Plain", "sha:4", Info("0004_plain", "0003_odd", null), new SourceLocation("Migrations/0004.cs", 7, 2)),
    });

    private static RevisionInfo Info(string revision, string? parent, string? branch) =>
        MigrationAttributeFacts.From(revision, parent, null, branch, null);

    private static Assembly Deployed(DeployedApplication app, string name, string manifest)
    {
        Write(app.Folder, name, Array.Empty<EmittedMigration>(), manifest);
        return app.Load(name);
    }

    [Fact]
    public void InPlace_ReadsWhatTheAttributesStringReads()
    {
        using var app = new DeployedApplication();
        var assembly = Deployed(app, "App", Manifest("App"));
        var text = assembly.GetCustomAttribute<MigrationChainManifestAttribute>()!.Manifest;

        Assert.True(MetadataManifestChars.TryRead(assembly, out var inPlace), "the metadata of an assembly loaded from bytes was not read");
        Assert.NotNull(inPlace);
        var read = ChainManifest.Of(assembly);
        var expected = ChainManifest.Parse(text);

        Assert.NotNull(read);
        Assert.True(read.HasChainFacts);
        Assert.Equal(expected!.Entries.Select(Shape), read.Entries.Select(Shape));
        Assert.Equal("Migrations/Über/日本.cs(12,5)", read.Entries[1].Source!.ToString());
        Assert.Null(read.Entries[1].Checksum);
        Assert.Equal("C:\\src\\tab\there.cs", read.Entries[2].Source!.FilePath);
        Assert.Equal("a,b\tc", read.Entries[2].Info!.Branch);
    }

    [Fact]
    public void InPlace_AnAssemblyWithoutAManifest_HasNone()
    {
        using var app = new DeployedApplication();
        Write(app.Folder, "Bare", Array.Empty<EmittedMigration>());

        Assert.True(MetadataManifestChars.TryRead(app.Load("Bare"), out var inPlace));
        Assert.Null(inPlace);
        Assert.Null(ChainManifest.Of(app.Load("Bare")));
    }

    [Theory]
    [InlineData("migrationchain-manifest 3\n0001\tA\tT\tc")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\t\t\tN\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tX\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\tfile.cs\tseven\t1")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\tfile.cs\t3\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\t\t3\t1")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\tfile.cs\t-3\t1")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\tfile.cs\t99999999999\t1")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\tfi\\le.cs\t3\t1")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\\\t\tN\t\t\tm\tfile.cs\t3\t1")]
    [InlineData("migrationchain-manifest 2\n00\\q01\tA\tT\tc\t\tN\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\tp1,,p2\tS\t\t\tm\t\t\t")]
    public void InPlace_AMalformedManifest_IsNoManifest_AsItsStringIsNot(string manifest)
    {
        using var app = new DeployedApplication();
        var assembly = Deployed(app, "App", manifest);

        Assert.Null(ChainManifest.Parse(manifest));
        Assert.True(MetadataManifestChars.TryRead(assembly, out var inPlace));
        Assert.NotNull(inPlace);
        Assert.Null(ChainManifest.Of(assembly));
    }

    private static string Shape(ChainManifestRow row) =>
        string.Join(" | ", row.Revision, row.AssemblyName, row.TypeName, row.Checksum ?? "(none)", row.Source?.ToString() ?? "(none)",
            string.Join(",", row.Info!.Parents), row.Info.Branch ?? "(none)", row.Info.ParentDeclaration, row.Info.IsMigrationClass, row.Info.TypeName);
}
