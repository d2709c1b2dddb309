using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>
/// One set of migration sources, outside this repository, compiled three ways as a user's would be: with the source
/// generator (the assembly carries a format-2 chain manifest), without it (the tool scans the classes, as for an
/// older build), and with the generator plus a second class declaring an existing revision. The chain is broken the
/// ways <c>mchain</c> exists to show: 0002_email and 0002_phone are two heads on one line (MC1003), and 0003_orders
/// names a parent no migration declares (MC1002). Every migration class also implements an interface of a separate
/// library, Contracts, which references nothing of MigrationChain: loading any migration class makes the tool's load
/// context resolve Contracts, and <c>--verbose</c> says so, which is how a test sees that a class was loaded.
/// </summary>
public sealed class ManifestBuilds : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("mc-manifest");

    public string Root => _folder.Path;

    /// <summary>Built with the source generator.</summary>
    public string WithManifest => Output("WithManifest");

    /// <summary>The same sources built without it.</summary>
    public string WithoutGenerator => Output("WithoutGenerator");

    /// <summary>With the generator, and a class declaring 0002_email a second time (MC1004).</summary>
    public string WithDuplicate => Output("WithDuplicate");

    public string MigrationFile(string type) => Path.Combine(Root, "Migrations", type + ".cs");

    public async ValueTask InitializeAsync()
    {
        Write("Directory.Build.props", "<Project />\n");
        Write("Directory.Build.targets", "<Project />\n");
        Write("Directory.Packages.props", "<Project />\n");
        Write("Contracts/Contracts.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        Write("Contracts/IAudited.cs", "namespace Contracts;\n\npublic interface IAudited\n{\n}\n");
        Migration("M0001_Init", "0001_init", parent: null);
        Migration("M0002_Email", "0002_email", parent: "0001_init");
        Migration("M0002_Phone", "0002_phone", parent: "0001_init");
        Migration("M0003_Orders", "0003_orders", parent: "0002_missing");
        Project("WithManifest", generator: true, extra: null);
        Project("WithoutGenerator", generator: false, extra: null);
        Project("WithDuplicate", generator: true, extra: "../Duplicate/*.cs");
        Write("Duplicate/M0002_EmailAgain.cs", Source("M0002_EmailAgain", "0002_email", "0001_init"));
        Write("All.slnx", """
            <Solution>
              <Project Path="Contracts/Contracts.csproj" />
              <Project Path="WithManifest/WithManifest.csproj" />
              <Project Path="WithoutGenerator/WithoutGenerator.csproj" />
              <Project Path="WithDuplicate/WithDuplicate.csproj" />
            </Solution>
            """);

        var build = await ProcessRunner.RunAsync("dotnet", new[] { "build", "All.slnx", "-nr:false", "-v:q", "-nologo" }, Root,
            Mchain.Environment(), TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
        Assert.True(build.ExitCode == 0, $"The manifest fixtures did not build:\n{build}");
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Output(string project) => Path.Combine(Root, project, "bin", "Debug", "net10.0", project + ".dll");

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private void Migration(string type, string revision, string? parent) =>
        Write($"Migrations/{type}.cs", Source(type, revision, parent));

    private static string Source(string type, string revision, string? parent) => $$"""
        using MigrationChain;

        namespace Shop.Migrations;

        [Migration("{{revision}}"{{(parent is null ? string.Empty : $", Parent = \"{parent}\"")}})]
        public sealed class {{type}} : Migration, Contracts.IAudited
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE {{type.ToLowerInvariant()}} (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE {{type.ToLowerInvariant()}}");
        }
        """;

    // The chain rules are errors; silenced, so the broken chain builds as `mchain` builds it with them off.
    private void Project(string name, bool generator, string? extra)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string Built(string project, string framework, string file) =>
            Path.Combine(TestEnvironment.RepositoryRoot, "src", project, "bin", configuration, framework, file);
        Write($"{name}/{name}.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
                <NoWarn>$(NoWarn);MC1001;MC1002;MC1003;MC1004;MC1005;MC1006;MC1007;MC1008;MC2001;MC3002</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="../Migrations/*.cs" />
                {(extra is null ? string.Empty : $"<Compile Include=\"{extra}\" />")}
                <ProjectReference Include="../Contracts/Contracts.csproj" />
                <Reference Include="MigrationChain.Runtime" HintPath="{Built("Runtime", "net8.0", "MigrationChain.Runtime.dll")}" />
                <Reference Include="MigrationChain.Rules" HintPath="{Built("Rules", "net8.0", "MigrationChain.Rules.dll")}" />
                {(generator ? $"<Analyzer Include=\"{Built("Analyzers", "netstandard2.0", "MigrationChain.Analyzers.dll")}\" />" : string.Empty)}
              </ItemGroup>
            </Project>
            """);
    }
}
