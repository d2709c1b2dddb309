using System.IO;
using MigrationChain.Testing.Support;

[assembly: AssemblyFixture(typeof(MigrationChain.Build.Tests.Integration.PackageFeed))]

namespace MigrationChain.Build.Tests.Integration;

/// <summary>
/// Packs every package under src/ once per test run, with a version of its own, into a temporary folder feed.
/// Everything the packing builds goes to a temporary artifacts folder, and consumers restore into a private packages
/// folder, so nothing is left in the repository or in the machine's package cache.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    private readonly TempDirectory _root = new("mc-feed");

    public string Version { get; } = "0.1.0-buildtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public string Folder => Path.Combine(_root.Path, "feed");

    /// <summary>Where consumer restores put packages (NUGET_PACKAGES), shared by the tests so each package is extracted once.</summary>
    public string PackagesFolder => Path.Combine(_root.Path, "packages");

    /// <summary>What the one pack of the run printed, for the packaging tests to read its warnings.</summary>
    public ProcessResult Pack { get; private set; } = new(-1, "", "");

    /// <summary>The path of a package (or, with <c>.snupkg</c>, its symbol package) in the feed.</summary>
    public string PackagePath(string id, string extension = ".nupkg") => Path.Combine(Folder, $"{id}.{Version}{extension}");

    public async ValueTask InitializeAsync()
    {
        var projects = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal);
        var solution = Path.Combine(_root.Path, "pack.slnx");
        await File.WriteAllTextAsync(solution, "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");

        var pack = Pack = await ProcessRunner.RunAsync(
            "dotnet",
            new[] { "pack", solution, "-c", "Release", "-o", Folder, "--artifacts-path", Path.Combine(_root.Path, "artifacts"), $"-p:Version={Version}", "-nr:false" },
            _root.Path,
            Consumer.BuildEnvironment(ci: false, PackagesFolder),
            TimeSpan.FromMinutes(10));   // a guard against a hang; a loaded 2-core machine takes 4-6 minutes
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"Packing the packages failed:\n{pack}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }
}
