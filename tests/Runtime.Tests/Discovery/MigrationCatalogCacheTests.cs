using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using MigrationChain.Discovery;
using MigrationChain.Runtime.Tests.Manifest;
using MigrationChain.Testing.Support;
using static MigrationChain.Runtime.Tests.Manifest.MigrationAssemblyWriter;

namespace MigrationChain.Runtime.Tests.Discovery;

/// <summary>
/// The process-wide catalog cache (issue 13): one validated chain per ordered set of assemblies, and nothing kept
/// when discovery or validation fails. The assemblies are real files loaded into a non-collectible context, as an
/// application's are (the cache never keeps collectible ones).
/// </summary>
public class MigrationCatalogCacheTests
{
    private static readonly EmittedMigration[] LibraryMigrations =
    {
        new("Lib.Migrations.Init", "0001_init"),
        new("Lib.Migrations.Users", "0002_users", "0001_init"),
    };

    private static readonly EmittedMigration PluginMigration = new("Plugin.Migrations.Extra", "0003_plugin", "0002_users");

    [Fact]
    public void SameAssemblies_GiveTheSameCatalog_AndADifferentSetADifferentOne()
    {
        using var folder = new TempDirectory("mc-catalog-cache");
        Write(folder.Path, "Lib", LibraryMigrations);
        Write(folder.Path, "Plugin", new[] { PluginMigration });
        var context = new FolderContext(folder.Path);
        var lib = context.LoadFromAssemblyName(new AssemblyName("Lib"));
        var plugin = context.LoadFromAssemblyName(new AssemblyName("Plugin"));

        var first = MigrationCatalogCache.Load(new[] { lib });
        var again = MigrationCatalogCache.Load(new List<Assembly> { lib });
        var both = MigrationCatalogCache.Load(new[] { lib, plugin });
        var reversed = MigrationCatalogCache.Load(new[] { plugin, lib });

        Assert.Same(first, again);
        Assert.NotSame(first, both);
        Assert.Equal(new[] { "0001_init", "0002_users" }, first.Definitions.Select(d => d.Revision));
        Assert.Equal(new[] { "0001_init", "0002_users", "0003_plugin" }, both.Definitions.Select(d => d.Revision));
        Assert.NotSame(both, reversed);
        Assert.Same(both, MigrationCatalogCache.Load(new[] { lib, plugin }));
    }

    [Fact]
    public void RunnersOverTheSameAssemblies_ShareOneCatalog_AndStillRunEachDatabase()
    {
        using var folder = new TempDirectory("mc-catalog-cache");
        Write(folder.Path, "Lib", LibraryMigrations);
        var lib = new FolderContext(folder.Path).LoadFromAssemblyName(new AssemblyName("Lib"));

        var first = MigrationRunner.ForSqlite($"Data Source={folder.File("a.db")};Pooling=False", lib).UpgradeHead();
        var second = MigrationRunner.ForSqlite($"Data Source={folder.File("b.db")};Pooling=False", lib).UpgradeHead();
        var again = MigrationRunner.ForSqlite($"Data Source={folder.File("a.db")};Pooling=False", lib).UpgradeHead();

        Assert.Equal(new[] { "0001_init", "0002_users" }, first.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0001_init", "0002_users" }, second.Steps.Select(s => s.Revision));
        Assert.True(again.WasUpToDate);
        Assert.Same(MigrationCatalogCache.Load(new[] { lib }), MigrationCatalogCache.Load(new[] { lib }));
    }

    [Fact]
    public void InvalidChain_IsNeverCached_EveryRunnerThrows()
    {
        using var folder = new TempDirectory("mc-catalog-cache");
        Write(folder.Path, "Broken", new[] { new EmittedMigration("Broken.Migrations.Orphan", "0001_orphan", "0000_nowhere") });
        var broken = new FolderContext(folder.Path).LoadFromAssemblyName(new AssemblyName("Broken"));
        var before = MigrationCatalogCache.Count;

        Assert.Throws<ChainValidationException>(() => MigrationCatalogCache.Load(new[] { broken }));
        Assert.Throws<ChainValidationException>(() => MigrationRunner.ForSqlite($"Data Source={folder.File("x.db")};Pooling=False", broken).UpgradeHead());
        Assert.Throws<ChainValidationException>(() => MigrationRunner.ForSqlite($"Data Source={folder.File("x.db")};Pooling=False", broken).UpgradeHead());
        Assert.Equal(before, MigrationCatalogCache.Count);
        Assert.False(File.Exists(folder.File("x.db")), "a runner opened the database of an invalid chain");
    }

    [Fact]
    public void ImageLackingManifestMigrations_IsRefusedByEveryRunner()
    {
        using var folder = new TempDirectory("mc-catalog-cache");
        Write(folder.Path, "App", new[] { new EmittedMigration("App.Migrations.Audit", "0003_audit", "0002_users") }, ManifestText(
            ("0001_init", "Lib", "Lib.Migrations.Init"),
            ("0002_users", "Lib", "Lib.Migrations.Users"),
            ("0003_audit", "App", "App.Migrations.Audit")));
        var app = new FolderContext(folder.Path).LoadFromAssemblyName(new AssemblyName("App"));
        var before = MigrationCatalogCache.Count;

        for (var i = 0; i < 2; i++)
        {
            var runner = MigrationRunner.ForSqlite($"Data Source={folder.File("app.db")};Pooling=False", app);
            var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());
            Assert.Equal(DatabaseStateProblem.MissingMigrations, error.Problem);
            Assert.Equal(new[] { "0001_init", "0002_users" }, error.Revisions);
        }

        Assert.Equal(before, MigrationCatalogCache.Count);
        Assert.False(File.Exists(folder.File("app.db")), "a runner opened the database before refusing");
    }

    /// <summary>Resolves from one folder and is never unloaded, like an application's own assemblies.</summary>
    private sealed class FolderContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public FolderContext(string folder)
            : base(isCollectible: false)
        {
            _folder = folder;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            // From a stream, so the file is not held open and the temporary folder can be deleted.
            using var stream = File.OpenRead(path);
            return LoadFromStream(stream);
        }
    }
}
