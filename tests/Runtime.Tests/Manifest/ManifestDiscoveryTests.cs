using System.IO;
using MigrationChain.Discovery;
using static MigrationChain.Runtime.Tests.Manifest.MigrationAssemblyWriter;

namespace MigrationChain.Runtime.Tests.Manifest;

public class ManifestDiscoveryTests
{
    private static readonly EmittedMigration[] LibraryMigrations =
    {
        new("Lib.Migrations.Init", "0001_init"),
        new("Lib.Migrations.Users", "0002_users", "0001_init"),
        new("Lib.Migrations.Orders", "0003_orders", "0002_users"),
    };

    private static readonly EmittedMigration AppMigration = new("App.Migrations.Audit", "0004_audit", "0003_orders");

    private static readonly string FullManifest = ManifestText(
        ("0001_init", "Lib", "Lib.Migrations.Init"),
        ("0002_users", "Lib", "Lib.Migrations.Users"),
        ("0003_orders", "Lib", "Lib.Migrations.Orders"),
        ("0004_audit", "App", "App.Migrations.Audit"));

    /// <summary>Lib holds 0001-0003, App holds 0004 and the manifest of all four.</summary>
    private static DeployedApplication Deploy(IEnumerable<EmittedMigration>? library = null, string? manifest = null)
    {
        var app = new DeployedApplication();
        Write(app.Folder, "Lib", library ?? LibraryMigrations);
        Write(app.Folder, "App", new[] { AppMigration }, manifest ?? FullManifest);
        return app;
    }

    [Fact]
    public void Manifest_BringsInTheMigrationsOfAssembliesThatWereNotPassed()
    {
        using var app = Deploy();

        var catalog = MigrationCatalog.Load(new[] { app.Load("App") });

        Assert.Equal(new[] { "0001_init", "0002_users", "0003_orders", "0004_audit" }, catalog.Definitions.Select(d => d.Revision));
        Assert.Equal("Lib", catalog.Definitions[0].Type.Assembly.GetName().Name);
    }

    [Fact]
    public void AssemblyLeftOutOfTheDeployment_IsMissingMigrations_NamingEachRevisionAndTheAssembly()
    {
        using var app = Deploy();
        app.Remove("Lib");

        var error = Assert.Throws<DatabaseStateException>(() => MigrationCatalog.Load(new[] { app.Load("App") }));

        Assert.Equal(DatabaseStateProblem.MissingMigrations, error.Problem);
        Assert.Equal(new[] { "0001_init", "0002_users", "0003_orders" }, error.Revisions);
        Assert.Contains("'0001_init' (Lib.Migrations.Init): assembly 'Lib' is not deployed", error.Message, StringComparison.Ordinal);
        Assert.Contains("check that Lib.dll is in the publish output", error.Message, StringComparison.Ordinal);
        Assert.Contains("built with 4 migration(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OlderBuildOfAListedAssembly_IsMissingTheClassesItLacks()
    {
        using var app = Deploy(library: LibraryMigrations.Take(2));

        var error = Assert.Throws<DatabaseStateException>(() => MigrationCatalog.Load(new[] { app.Load("App") }));

        Assert.Equal(new[] { "0003_orders" }, error.Revisions);
        Assert.Contains("has no class 'Lib.Migrations.Orders'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListedClassDeclaringAnotherRevision_IsMissingTheListedOne()
    {
        var renamed = LibraryMigrations.Select(m => m.Revision == "0002_users" ? m with { Revision = "0002_people" } : m);
        using var app = Deploy(library: renamed);

        var error = Assert.Throws<DatabaseStateException>(() => MigrationCatalog.Load(new[] { app.Load("App") }));

        Assert.Equal(new[] { "0002_users" }, error.Revisions);
        Assert.Contains("now declares '0002_people'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runner_RefusesBeforeOpeningTheDatabase()
    {
        using var app = Deploy();
        app.Remove("Lib");
        var runner = MigrationRunner.ForSqlite($"Data Source={app.Database};Pooling=False", app.Load("App"));

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.MissingMigrations, error.Problem);
        Assert.False(File.Exists(app.Database), "the runner created the database before refusing");
    }

    [Fact]
    public void Runner_RunsTheWholeManifestChain()
    {
        using var app = Deploy();
        var runner = MigrationRunner.ForSqlite($"Data Source={app.Database};Pooling=False", app.Load("App"));

        var result = runner.UpgradeHead();

        Assert.Equal(new[] { "0001_init", "0002_users", "0003_orders", "0004_audit" }, result.Steps.Select(s => s.Revision));
    }

    [Fact]
    public void PassingAListedAssemblyToo_DoesNotDeclareItsMigrationsTwice()
    {
        using var app = Deploy();

        var catalog = MigrationCatalog.Load(new[] { app.Load("Lib"), app.Load("App") });

        Assert.Equal(4, catalog.Definitions.Length);
    }

    [Fact]
    public void WithoutAManifest_TheAssemblyIsScanned()
    {
        using var app = new DeployedApplication();
        Write(app.Folder, "Lib", LibraryMigrations);

        var catalog = MigrationCatalog.Load(new[] { app.Load("Lib") });

        Assert.Equal(new[] { "0001_init", "0002_users", "0003_orders" }, catalog.Definitions.Select(d => d.Revision));
    }

    [Fact]
    public void ManifestOfAnotherFormatVersion_FallsBackToScanning()
    {
        using var app = new DeployedApplication();
        Write(app.Folder, "Lib", LibraryMigrations, manifest: "migrationchain-manifest 99\n0009_x\tNowhere\tX\t-\n");

        var catalog = MigrationCatalog.Load(new[] { app.Load("Lib") });

        Assert.Equal(3, catalog.Definitions.Length);
    }

    [Fact]
    public void AssembliesNoManifestCovers_AreStillScanned()
    {
        using var app = Deploy();
        Write(app.Folder, "Plugin", new[] { new EmittedMigration("Plugin.Migrations.Extra", "0005_plugin", "0004_audit") });

        var catalog = MigrationCatalog.Load(new[] { app.Load("App"), app.Load("Plugin") });

        Assert.Equal("0005_plugin", catalog.Definitions.Last().Revision);
    }
}
