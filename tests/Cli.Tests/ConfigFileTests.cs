using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// mchain.json: found walking up from the current folder to the repository root (or named with --config), its
/// paths relative to itself, every command honouring it, the command line overriding it, its mistakes named.
/// </summary>
public class ConfigFileTests
{
    [Fact]
    public async Task FromASubfolder_EveryCommandUsesTheRepositorysConfig_RelativeToTheFile()
    {
        using var repository = Repository(out var deep);
        Write(repository, $$"""
            {
              // comments are allowed, as in appsettings.json
              "assembly": "{{Json(Assets.Linear)}}",
              "database": "sqlite:///data/notes.db",
              "versionTable": "schema_versions",
            }
            """);
        Directory.CreateDirectory(repository.File("data"));

        var upgrade = await Mchain.RunAsync(deep, "upgrade", "0002");
        var current = await Mchain.RunAsync(deep, "current");
        var overridden = await Mchain.RunAsync(deep, "upgrade", "--database", "sqlite:///here.db");

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags" }, new SqliteFile(repository.File("data/notes.db")).Strings("SELECT revision FROM schema_versions ORDER BY revision"));
        Assert.True(current.ExitCode == 0, current.ToString());
        Assert.Contains("1 pending: 0003_note_tags", current.Output);
        Assert.True(overridden.ExitCode == 0, overridden.ToString());
        Assert.Equal(3, new SqliteFile(Path.Combine(deep, "here.db")).Strings("SELECT revision FROM schema_versions").Count);
    }

    [Fact]
    public async Task AnAssemblyOnTheCommandLine_TakesThePlaceOfTheConfigsProject()
    {
        using var repository = Repository(out var deep);
        Write(repository, """{ "project": "src/NotBuiltHere/NotBuiltHere.csproj", "database": "sqlite:///notes.db" }""");

        var result = await Mchain.RunAsync(deep, "upgrade", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, new SqliteFile(repository.File("notes.db")).Recorded().Count);
    }

    [Fact]
    public async Task TheWalkStopsAtTheRepositoryRoot()
    {
        using var outside = new TempDirectory("mc-config");
        Directory.CreateDirectory(outside.File("repo/.git"));
        Directory.CreateDirectory(outside.File("repo/src"));
        File.WriteAllText(outside.File(ConfigName), $$"""{ "assembly": "{{Json(Assets.Linear)}}", "database": "sqlite:///above.db" }""");

        var result = await Mchain.RunAsync(outside.File("repo/src"), "current");

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(outside.File("above.db")));
    }

    [Fact]
    public async Task AMisspeltKey_NamesTheFileTheKeyAndTheNearestValidKey()
    {
        using var repository = Repository(out var deep);
        Write(repository, """{ "assembly": "x.dll", "lockTimout": 5 }""");

        var result = await Mchain.RunAsync(deep, "current");
        var badValue = await Mchain.RunAsync(deep, "current", "--config", Write(repository, """{ "lockTimeout": "soon" }""", "other.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{repository.File(ConfigName)}: unknown key 'lockTimout'. Did you mean 'lockTimeout'?", result.Error);
        Assert.Equal(2, badValue.ExitCode);
        Assert.Contains($"{repository.File("other.json")}: 'lockTimeout' must be a number", badValue.Error);
    }

    [Fact]
    public async Task TheDatabaseCanComeFromTheVariableTheConfigNames_AndSuggestionsUseThatName()
    {
        using var repository = Repository(out var deep);
        Write(repository, $$"""{ "assembly": "{{Json(Assets.Linear)}}", "databaseVariable": "NOTES_DATABASE_URL", "lockTimeout": 1 }""");
        var database = new SqliteFile(repository.File("notes.db"));
        var environment = new Dictionary<string, string?> { ["NOTES_DATABASE_URL"] = database.Url };
        await Mchain.RunAsync(deep, environment, "upgrade", "0001");
        database.Execute("CREATE TABLE stray (id INTEGER)");
        database.Execute("DROP TABLE migration_history");

        var unset = await Mchain.RunAsync(deep, "upgrade");
        var refused = await Mchain.RunAsync(deep, environment, "upgrade");

        Assert.Equal(2, unset.ExitCode);
        Assert.Contains("says the database URL is in $NOTES_DATABASE_URL, which is not set", unset.Error);
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("mchain stamp heads", refused.Error);
    }

    [Fact]
    public async Task ALockTimeoutInTheConfig_IsHonoured_AndTheCommandLineOverridesIt()
    {
        using var repository = Repository(out var deep);
        Write(repository, $$"""{ "assembly": "{{Json(Assets.Linear)}}", "database": "sqlite:///notes.db", "lockTimeout": 1 }""");
        var database = new SqliteFile(repository.File("notes.db"));
        await Mchain.RunAsync(deep, "upgrade", "0001");
        using var holder = database.Open();
        using var transaction = holder.BeginTransaction();
        using (var write = holder.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = "CREATE TABLE held (id INTEGER)";
            write.ExecuteNonQuery();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var fromConfig = await Mchain.RunAsync(deep, "upgrade");
        var configWait = clock.Elapsed;

        Assert.Equal(6, fromConfig.ExitCode);
        Assert.Contains("Timed out after 1 s", fromConfig.Error);
        Assert.True(configWait < TimeSpan.FromSeconds(60), configWait.ToString());
    }

    [Fact]
    public async Task Init_WritesAConfigTheOtherCommandsRead_AndNeverOverwritesOne()
    {
        using var repository = Repository(out var deep);

        var init = await Mchain.RunAsync(repository.Path, "init", "--assembly", Assets.Linear, "--database-variable", "NOTES_DATABASE_URL");
        var written = File.ReadAllText(repository.File(ConfigName));
        var again = await Mchain.RunAsync(repository.Path, "init", "--assembly", Assets.Linear);
        var used = await Mchain.RunAsync(deep, new Dictionary<string, string?> { ["NOTES_DATABASE_URL"] = "sqlite:///" + repository.File("notes.db") }, "upgrade");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("\"databaseVariable\": \"NOTES_DATABASE_URL\"", written);
        Assert.Contains("\"keepBackups\": 5", written);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists; init does not overwrite it", again.Error);
        Assert.Equal(written, File.ReadAllText(repository.File(ConfigName)));
        Assert.True(used.ExitCode == 0, used.ToString());
        Assert.Equal(3, new SqliteFile(repository.File("notes.db")).Recorded().Count);
    }

    private const string ConfigName = "mchain.json";

    /// <summary>A repository (a folder with .git) and a folder two levels inside it.</summary>
    private static TempDirectory Repository(out string deep)
    {
        var repository = new TempDirectory("mc-config");
        Directory.CreateDirectory(repository.File(".git"));
        deep = repository.File("src/app");
        Directory.CreateDirectory(deep);
        return repository;
    }

    private static string Write(TempDirectory repository, string json, string name = ConfigName)
    {
        File.WriteAllText(repository.File(name), json);
        return repository.File(name);
    }

    private static string Json(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);
}
