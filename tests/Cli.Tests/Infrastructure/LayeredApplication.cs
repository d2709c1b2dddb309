using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>
/// The layout docs/build.md recommends, as a user's repository holds it, outside this one: two migration libraries
/// (Catalog: 0001_products, 0002_prices; Billing, referencing Catalog: 0003_invoices) and a Service that references
/// both and declares no migration. Each project consumes MigrationChain as the packages bring it: the analyzers and
/// source generator, and MigrationChain.Build's props, targets and task (from this repository's build output), with
/// warnings as errors as a careful user sets them.
/// </summary>
internal sealed class LayeredApplication : IDisposable
{
    private readonly TempDirectory _folder = new("mc-layered");
    private readonly bool _buildTask;

    /// <param name="buildTask">
    /// False: the projects reference the analyzers alone, without MigrationChain.Build's targets and task, so only the
    /// compiler reports the chain rules (and an up-to-date compile reports nothing).
    /// </param>
    public LayeredApplication(bool buildTask = true)
    {
        _buildTask = buildTask;
        Project("Catalog", references: Array.Empty<string>(), exe: false);
        Migration("Catalog", "M0001_Products", "0001_products", parent: null, table: "products");
        Migration("Catalog", "M0002_Prices", "0002_prices", parent: "0001_products", table: "prices");
        Project("Billing", references: new[] { "Catalog" }, exe: false);
        Migration("Billing", "M0003_Invoices", "0003_invoices", parent: "0002_prices", table: "invoices");
        Project("Service", references: new[] { "Catalog", "Billing" }, exe: true);
        Write("Service/Program.cs", "namespace Service;\n\ninternal static class Program\n{\n    private static void Main()\n    {\n    }\n}\n");
    }

    public string Root => _folder.Path;

    public string ServiceProject => PathOf("Service/Service.csproj");

    /// <summary>An assembly of the Debug build, e.g. <c>Output("Billing")</c>.</summary>
    public string Output(string project) => PathOf($"{project}/bin/Debug/net10.0/{project}.dll");

    public string PathOf(string relative) => Path.Combine(_folder.Path, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>One migration per file, with a Downgrade and SQL both SQLite and PostgreSQL run, so no analyzer objects.</summary>
    public void Migration(string project, string type, string revision, string? parent, string table) =>
        Write($"{project}/Migrations/{type}.cs", $$"""
            using MigrationChain;

            namespace {{project}}.Migrations;

            [Migration("{{revision}}"{{(parent is null ? string.Empty : $", Parent = \"{parent}\"")}})]
            public sealed class {{type}} : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE {{table}} (id INTEGER PRIMARY KEY)");

                public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS {{table}}");
            }
            """);

    /// <summary>A real <c>dotnet build</c> of the service (and so of both libraries).</summary>
    public async Task BuildAsync()
    {
        var build = await TryBuildAsync();
        Assert.True(build.ExitCode == 0, $"The layered application did not build:\n{build}");
    }

    /// <summary>A real <c>dotnet build</c> of the service, as the user types it, whatever its outcome.</summary>
    public Task<ProcessResult> TryBuildAsync() =>
        ProcessRunner.RunAsync("dotnet", new[] { "build", ServiceProject, "-nr:false", "-v:q", "-nologo" }, Root,
            Mchain.Environment(), TimeSpan.FromMinutes(4), TestContext.Current.CancellationToken);

    public void Dispose() => _folder.Dispose();

    private void Project(string name, string[] references, bool exe)
    {
        var repo = TestEnvironment.RepositoryRoot;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string Built(string project, string framework, string file)
        {
            var path = Path.Combine(repo, "src", project, "bin", configuration, framework, file);
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; the test project references src/{project} so it is.", path);
        }

        var projectReferences = string.Concat(references.Select(r => $"    <ProjectReference Include=\"..\\{r}\\{r}.csproj\" />\n"));
        Write($"{name}/{name}.csproj", $"""
            <Project>
              <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
            {(_buildTask ? $"  <Import Project=\"{repo}/src/Build/build/MigrationChain.Build.props\" />" : string.Empty)}
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>{(exe ? "Exe" : "Library")}</OutputType>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <MigrationChainTaskAssembly>{Built("Build", "net8.0", "MigrationChain.Build.dll")}</MigrationChainTaskAssembly>
                <!-- A developer's machine: the lock is kept, not verified, whatever CI variable the test run has. -->
                <MigrationChainVerifyLock>false</MigrationChainVerifyLock>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="MigrationChain.Runtime" HintPath="{Built("Runtime", "net8.0", "MigrationChain.Runtime.dll")}" />
                <Reference Include="MigrationChain.Rules" HintPath="{Built("Rules", "net8.0", "MigrationChain.Rules.dll")}" />
                <Analyzer Include="{Built("Analyzers", "netstandard2.0", "MigrationChain.Analyzers.dll")}" />
            {projectReferences}  </ItemGroup>
              <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
            {(_buildTask ? $"  <Import Project=\"{repo}/src/Build/build/MigrationChain.Build.targets\" />" : string.Empty)}
            </Project>
            """);
        if (!File.Exists(PathOf("Directory.Build.props")))
        {
            // Nothing of this repository's build settings above the temporary folder applies to a user's projects.
            Write("Directory.Build.props", "<Project />\n");
            Write("Directory.Build.targets", "<Project />\n");
            Write("Directory.Packages.props", "<Project />\n");
        }
    }
}
