using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>
/// A copy of an asset chain's sources as a project of its own outside the repository, referencing the built runtime
/// directly: what a user's migrations project looks like to <c>--project</c>, which the tool builds and writes into.
/// </summary>
internal sealed class ScratchProject : IDisposable
{
    private readonly TempDirectory _folder;

    public ScratchProject(string chain, string rootNamespace)
    {
        var runtime = Library("Runtime");
        var rules = Library("Rules");
        _folder = new TempDirectory("mc-project");
        foreach (var file in Directory.GetFiles(Path.Combine(Assets.SourceFolder(chain), "Migrations")))
        {
            Directory.CreateDirectory(Path.Combine(Folder, "Migrations"));
            File.Copy(file, Path.Combine(Folder, "Migrations", Path.GetFileName(file)));
        }

        ProjectFile = Path.Combine(Folder, $"{chain}.csproj");
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>{rootNamespace}</RootNamespace>
                <Nullable>enable</Nullable>
                <NoWarn>$(NoWarn);MC1003</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="MigrationChain.Runtime" HintPath="{runtime}" />
                <Reference Include="MigrationChain.Rules" HintPath="{rules}" />
              </ItemGroup>
            </Project>
            """);
    }

    public string Folder => _folder.Path;

    public string ProjectFile { get; }

    public string[] MigrationFiles() => Directory.GetFiles(Path.Combine(Folder, "Migrations")).Order(StringComparer.Ordinal).ToArray();

    public void Dispose() => _folder.Dispose();

    /// <summary>A library of src/ as built for the tool (net8.0), in the tests' configuration.</summary>
    private static string Library(string name)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "src", name, "bin", configuration, "net8.0", $"MigrationChain.{name}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built.", path);
    }
}
