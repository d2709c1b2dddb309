using System.IO;
using MigrationChain.Discovery;
using Microsoft.Data.Sqlite;
using static MigrationChain.Runtime.Tests.Manifest.MigrationAssemblyWriter;

namespace MigrationChain.Runtime.Tests.Manifest;

/// <summary>
/// A format-2 manifest (chain facts per revision): the catalog is built from the rows without looking up a class,
/// and an image that lacks a listed migration is still refused before the database is opened, by checking each
/// referenced assembly's own manifest.
/// </summary>
public class ManifestV2DiscoveryTests
{
    private static readonly EmittedMigration[] LibraryMigrations =
    {
        new("Lib.Migrations.Init", "0001_init"),
        new("Lib.Migrations.Users", "0002_users", "0001_init"),
        new("Lib.Migrations.Orders", "0003_orders", "0002_users"),
    };

    private static readonly EmittedMigration AppMigration = new("App.Migrations.Audit", "0004_audit", "0003_orders");

    /// <summary>What the application's build saw: Lib's three migrations, then its own.</summary>
    private static readonly string AppManifest = ManifestText2(
        "App", LibraryMigrations.Select(m => (m, "Lib")).Append((AppMigration, "App")), checksumPrefix: "app-copy");

    private static string LibraryManifest(IEnumerable<EmittedMigration> migrations) => ManifestText2("Lib", migrations.Select(m => (m, "Lib")));

    /// <summary>
    /// Lib holds 0001-0003 (with its own format-2 manifest unless <paramref name="libraryHasManifest"/> is false),
    /// App holds 0004 and the manifest of all four. <paramref name="withClasses"/> false emits the assemblies with
    /// their manifests and none of the classes: whatever looks a class up fails.
    /// </summary>
    private static DeployedApplication Deploy(
        IEnumerable<EmittedMigration>? library = null, bool libraryHasManifest = true, bool withClasses = true, DeployedApplication? into = null)
    {
        var app = into ?? new DeployedApplication();
        var libraryMigrations = (library ?? LibraryMigrations).ToList();
        Write(app.Folder, "Lib", withClasses ? libraryMigrations : Array.Empty<EmittedMigration>(), libraryHasManifest ? LibraryManifest(libraryMigrations) : null);
        Write(app.Folder, "App", withClasses ? new[] { AppMigration } : Array.Empty<EmittedMigration>(), AppManifest);
        return app;
    }

    [Fact]
    public void Catalog_IsBuiltFromTheRows_WithEachChecksumFromTheDeclaringAssemblysOwnManifest()
    {
        using var app = Deploy();

        var catalog = MigrationCatalog.Load(new[] { app.Load("App") });

        Assert.Equal(new[] { "0001_init", "0002_users", "0003_orders", "0004_audit" }, catalog.Definitions.Select(d => d.Revision));
        Assert.Equal(new[] { "sha:0001_init", "sha:0002_users", "sha:0003_orders", "app-copy:0004_audit" }, catalog.Definitions.Select(d => d.Checksum));
        Assert.Equal(new[] { "0003_orders" }, catalog.Definitions[3].Info.Parents);
        Assert.All(catalog.Definitions, d => Assert.False(d.IsResolved, $"{d.Revision}'s class was looked up while loading the catalog"));

        // Looked up when asked, in the assembly that declares it.
        Assert.Equal("Lib", catalog.Definitions[0].Type.Assembly.GetName().Name);
        Assert.Equal("App.Migrations.Audit", catalog.Definitions[3].Type.FullName);
        Assert.True(catalog.Definitions[3].Transactional);
    }

    [Fact]
    public void OlderBuildOfTheLibrary_IsRefusedBeforeTheDatabaseIsOpened_NamingWhatItLacks()
    {
        using var app = Deploy(library: LibraryMigrations.Take(2));
        var runner = MigrationRunner.ForSqlite($"Data Source={app.Database};Pooling=False", app.Load("App"));

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.MissingMigrations, error.Problem);
        Assert.Equal(new[] { "0003_orders" }, error.Revisions);
        Assert.Contains("'0003_orders' (Lib.Migrations.Orders): assembly 'Lib'", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no class 'Lib.Migrations.Orders'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(app.Database), "the runner created the database before refusing");
    }

    [Fact]
    public void LibraryWhoseOwnManifestDoesNotListTheClass_IsRefused_EvenIfAnotherBuildHadIt()
    {
        // The library's classes are there but its manifest says it was built without 0003: the class is read to decide.
        using var app = new DeployedApplication();
        Write(app.Folder, "Lib", LibraryMigrations.Take(2), LibraryManifest(LibraryMigrations.Take(2)));
        Write(app.Folder, "App", new[] { AppMigration }, AppManifest);

        var error = Assert.Throws<DatabaseStateException>(() => MigrationCatalog.Load(new[] { app.Load("App") }));

        Assert.Equal(new[] { "0003_orders" }, error.Revisions);
    }

    [Fact]
    public void LibraryBuiltWithoutTheGenerator_HasItsClassesCheckedOneByOne()
    {
        using var app = Deploy(libraryHasManifest: false);

        var catalog = MigrationCatalog.Load(new[] { app.Load("App") });

        Assert.Equal(4, catalog.Definitions.Length);
        Assert.All(catalog.Definitions.Take(3), d => Assert.True(d.IsResolved, $"{d.Revision} was not checked against its class"));
        Assert.All(catalog.Definitions.Take(3), d => Assert.Null(d.Checksum));
        Assert.False(catalog.Definitions[3].IsResolved);
    }

    [Fact]
    public void LibraryBuiltWithoutTheGenerator_LackingAClass_IsRefused()
    {
        using var app = Deploy(library: LibraryMigrations.Take(2), libraryHasManifest: false);

        var error = Assert.Throws<DatabaseStateException>(() => MigrationCatalog.Load(new[] { app.Load("App") }));

        Assert.Equal(new[] { "0003_orders" }, error.Revisions);
        Assert.Contains("has no class 'Lib.Migrations.Orders'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoOpStart_NeverLooksUpAMigrationClass()
    {
        using var built = Deploy();
        MigrationRunner.ForSqlite($"Data Source={built.Database};Pooling=False", built.Load("App")).UpgradeHead();

        // The same manifests, none of the classes: looking any of them up would throw.
        using var hollow = Deploy(withClasses: false);
        var result = MigrationRunner.ForSqlite($"Data Source={built.Database};Pooling=False", hollow.Load("App")).UpgradeHead();

        Assert.Empty(result.Steps);
    }

    [Fact]
    public void ClassMissingWhenItMustRun_IsAClearError_AndNothingIsRecorded()
    {
        // App's own manifest lists a class the deployed App.dll does not have (trimmed or rewritten after the build).
        using var app = new DeployedApplication();
        var next = new EmittedMigration("App.Migrations.Invoices", "0005_invoices", "0004_audit");
        Write(app.Folder, "Lib", LibraryMigrations, LibraryManifest(LibraryMigrations));
        Write(app.Folder, "App", new[] { AppMigration }, ManifestText2("App", LibraryMigrations.Select(m => (m, "Lib")).Append((AppMigration, "App")).Append((next, "App"))));
        var runner = MigrationRunner.ForSqlite($"Data Source={app.Database};Pooling=False", app.Load("App"));

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.MissingMigrations, error.Problem);
        Assert.Equal(new[] { "0005_invoices" }, error.Revisions);
        Assert.Contains("Migration '0005_invoices' cannot be run: assembly 'App'", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no class 'App.Migrations.Invoices'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, RecordedRows(app.Database));
        Assert.Equal("0004_audit", runner.Upgrade("0004_audit").Steps.Last().Revision);
    }

    private static long RecordedRows(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'migration_history'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM migration_history";
        return (long)command.ExecuteScalar()!;
    }
}
