using System.IO;
using MigrationChain.Testing.Support;

namespace MigrationChain.Build.Tests.Integration;

/// <summary>
/// A folder of consumer projects outside the repository that reference the packed packages, and real
/// <c>dotnet build</c> runs on them.
/// </summary>
internal sealed class Consumer : IDisposable
{
    private readonly PackageFeed _feed;
    private readonly TempDirectory _folder = new("mc-consumer");

    public Consumer(PackageFeed feed)
    {
        _feed = feed;

        // Stop MSBuild and NuGet from picking up anything above the temporary folder.
        Write("Directory.Build.props", "<Project />\n");
        Write("Directory.Build.targets", "<Project />\n");
        Write("Directory.Packages.props", "<Project />\n");
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cacheSource = Directory.Exists(machineCache) ? $"    <add key=\"machine-cache\" value=\"{machineCache}\" />\n" : string.Empty;

        // The test feed first; the packages this machine already has (Microsoft.Data.Sqlite...) as a second local
        // source; the user's configured sources still apply for anything else.
        Write("NuGet.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="migrationchain-test-feed" value="{feed.Folder}" />
            {cacheSource}  </packageSources>
            </configuration>
            """);
    }

    public string Root => _folder.Path;

    public string PathOf(string relative) => Path.Combine(_folder.Path, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>A project referencing MigrationChain.Runtime and MigrationChain.Build (unless told otherwise) and the given projects.</summary>
    public void Project(string name, string[]? projectReferences = null, bool referencesBuildPackage = true, string properties = "")
    {
        var packages = $"    <PackageReference Include=\"MigrationChain.Runtime\" Version=\"{_feed.Version}\" />\n"
            + (referencesBuildPackage ? $"    <PackageReference Include=\"MigrationChain.Build\" Version=\"{_feed.Version}\" />\n" : string.Empty);
        var projects = string.Concat((projectReferences ?? Array.Empty<string>())
            .Select(p => $"    <ProjectReference Include=\"..\\{p}\\{p}.csproj\" />\n"));
        Write($"{name}/{name}.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
            {properties}  </PropertyGroup>
              <ItemGroup>
            {packages}{projects}  </ItemGroup>
            </Project>
            """);
    }

    /// <summary>
    /// One migration per file, its <c>[Migration]</c> attribute on line <see cref="AttributeLine"/>, column 2.
    /// </summary>
    public string Migration(string project, string type, string revision, string? parent = null, string? sql = null)
    {
        // A table of its own and a Downgrade, so the analyzers (once they come with the package) have nothing to add.
        var table = type.ToLowerInvariant();
        sql ??= $"CREATE TABLE {table} (id INTEGER)";
        var relative = $"{project}/Migrations/{type}.cs";
        Write(relative, $$"""
            using MigrationChain;

            namespace {{project}}.Migrations;

            [Migration("{{revision}}"{{(parent is null ? string.Empty : $", Parent = \"{parent}\"")}})]
            public sealed class {{type}} : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("{{sql}}");

                public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS {{table}}");
            }
            """);
        return PathOf(relative);
    }

    public const int AttributeLine = 5;

    /// <summary>
    /// Makes the folder a git repository with one commit: then a build with ContinuousIntegrationBuild=true maps
    /// source paths to <c>/_/</c> in the PDB (SourceLink's SourceRoot), as CI builds of real repositories do.
    /// </summary>
    public async Task CommitAsync()
    {
        foreach (var command in new[] { new[] { "init", "-q" }, new[] { "add", "-A" }, new[] { "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "-m", "consumer" } })
        {
            var git = await ProcessRunner.RunAsync("git", command, _folder.Path);
            Assert.True(git.ExitCode == 0, $"git {string.Join(' ', command)} failed:\n{git}");
        }
    }

    /// <summary>The source file names a project's portable PDB records.</summary>
    public IReadOnlyList<string> PdbDocuments(string project)
    {
        using var stream = File.OpenRead(PathOf($"{project}/obj/Debug/net10.0/{project}.pdb"));
        using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(stream);
        var reader = provider.GetMetadataReader();
        return reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
    }

    public Task<ProcessResult> BuildAsync(string project, bool ci = false, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "dotnet",
            new[] { "build", PathOf($"{project}/{project}.csproj"), "-nr:false", "-v:n" }.Concat(arguments),
            _folder.Path,
            BuildEnvironment(ci, _feed.PackagesFolder),
            TimeSpan.FromMinutes(3));

    /// <summary>
    /// What every child build gets: a private package folder, English messages, no build servers left behind, and
    /// CI set explicitly, so a test run under CI=true does not turn a local build into a CI one.
    /// </summary>
    public static Dictionary<string, string?> BuildEnvironment(bool ci, string packagesFolder) => new()
    {
        ["NUGET_PACKAGES"] = packagesFolder,
        ["CI"] = ci ? "true" : "false",
        ["ContinuousIntegrationBuild"] = "false",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_UI_LANGUAGE"] = "en",
        ["UseSharedCompilation"] = "false",
    };

    public void Dispose() => _folder.Dispose();
}
