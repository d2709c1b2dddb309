using Microsoft.Data.Sqlite;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The CLI speaks in commands: 'mchain stamp 0003', '--lock-timeout', never the C# API's Stamp("...") or
/// LockTimeout; it says "did you mean" for a misspelt verb, option or scheme; the commands it suggests can be pasted.
/// </summary>
public class CliLanguageTests
{
    private readonly PostgresFixture _postgres;

    public CliLanguageTests(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    [Theory]
    [InlineData(new[] { "upgarde" }, "Unrecognized command or argument 'upgarde'. Did you mean 'upgrade'?")]
    [InlineData(new[] { "curent" }, "Did you mean 'current'?")]
    [InlineData(new[] { "current", "--lock-timout", "3" }, "Did you mean '--lock-timeout'?")]
    [InlineData(new[] { "current", "--database", "sqllite:///notes.db" }, "'sqllite://' is not a database MigrationChain supports (SQLite and PostgreSQL). Did you mean 'sqlite://'?")]
    [InlineData(new[] { "current", "--database", "postgressql://app@db/shop" }, "Did you mean 'postgresql://'?")]
    public async Task AMisspeltVerbOptionOrScheme_GetsDidYouMean_AndExit2(string[] arguments, string expected)
    {
        using var folder = new TempDirectory("mc-language");

        var result = await Mchain.RunAsync(folder.Path, arguments.Append("--assembly").Append(Assets.Linear).ToArray());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public async Task AnUnknownRevisionInTheDatabase_IsExplainedWithMchainStamp_NotTheCSharpApi()
    {
        using var folder = new TempDirectory("mc-language");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);
        database.Execute("INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('0004_from_a_deleted_branch', '0003_note_tags', 'applied', '2026-01-01T00:00:00.000Z', 1)");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("0004_from_a_deleted_branch", result.Error);
        Assert.Contains("mchain stamp ", result.Error);
        Assert.DoesNotContain("Stamp(", result.Error);
    }

    [Fact]
    public async Task ALockTimeout_SaysRaiseLockTimeoutAsTheOption()
    {
        using var folder = new TempDirectory("mc-language");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        using var holder = database.Open();
        using var transaction = holder.BeginTransaction();
        using (var write = holder.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = "CREATE TABLE held (id INTEGER)";
            write.ExecuteNonQuery();
        }

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--lock-timeout", "1", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("--lock-timeout", result.Error);
        Assert.DoesNotContain("LockTimeout", result.Error);
    }

    [Fact]
    public async Task UpgradingToARevisionTheDatabaseIsPast_SaysItIsPastIt()
    {
        using var folder = new TempDirectory("mc-language");
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        var past = await Mchain.RunAsync(folder.Path, "upgrade", "0002", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        var at = await Mchain.RunAsync(folder.Path, "upgrade", "0003", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.True(past.ExitCode == 0, past.ToString());
        Assert.StartsWith("notes.db is already past 0002: it is at 0003_note_tags. Nothing to do (to go back to it: mchain downgrade 0002 ", past.Output);
        Assert.StartsWith("notes.db is already at 0003: 0003_note_tags. Nothing to do.", at.Output);
    }

    [Fact]
    public async Task SuggestedCommands_NameTheDatabaseThroughItsVariable_NotAsAMaskedUrl()
    {
        using var folder = new TempDirectory("mc-language");
        var connectionString = await _postgres.CreateDatabaseAsync("cli");
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new Npgsql.NpgsqlCommand("CREATE TABLE notes (id int)", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", PostgresUrl.From(connectionString), "--assembly", Assets.Linear);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("stamp heads --assembly", result.Error);
        Assert.Contains("--database \"$MIGRATIONCHAIN_DATABASE_URL\"", result.Error);
        Assert.DoesNotContain("***", result.Error);
        Assert.DoesNotContain(PostgresUrl.Password, result.All);
    }

    /// <summary>The C# API's words for a remedy, none of which a CLI user can type.</summary>
    private static readonly string[] ApiWording = { "Stamp(", "Stamp the", "Stamp that", "Stamp its", "LockTimeout", "RetryInterrupted", "MigrationRunnerOptions", "VersionTableSchema", "runner.Stamp" };

    /// <summary>
    /// Each state the runtime refuses (a DatabaseStateProblem), set up in a real SQLite file: the scenario names the
    /// problem, so <see cref="EveryDatabaseStateTheCliCanMeet_HasAScenario"/> notices a new one.
    /// </summary>
    private static readonly (string Problem, string Sql, string Command)[] States =
    {
        ("Interrupted", "UPDATE migration_history SET state = 'running' WHERE revision = '0003_note_tags'", "mchain upgrade --retry-interrupted"),
        ("AheadOfCode", "INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('0004_newer', '0003_note_tags', 'applied', '2026-01-01T00:00:00.000Z', 1)", "mchain stamp 0003_note_tags"),
        ("UnknownRevision", "INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('zz_elsewhere', 'zz_nowhere', 'applied', '2026-01-01T00:00:00.000Z', 1)", "mchain stamp <revision>"),
        ("MissingAncestor", "DELETE FROM migration_history WHERE revision = '0002_add_tags'", "mchain stamp 0003_note_tags"),
        ("Unversioned", "DROP TABLE migration_history", "mchain stamp heads"),
    };

    public static TheoryData<string, string, string> StateScenarios
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (problem, sql, command) in States)
            {
                data.Add(problem, sql, command);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StateScenarios))]
    public async Task EveryRefusedDatabaseState_IsExplainedWithCommands_NeverTheCSharpApi(string problem, string sql, string command)
    {
        using var folder = new TempDirectory("mc-language");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", database.Url, "--assembly", Assets.Linear);
        database.Execute(sql);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--json", "--database", database.Url, "--assembly", Assets.Linear);
        var text = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(text.ExitCode == 5, $"{problem}: {text}");
        Assert.Contains(command, text.Error);
        Assert.All(ApiWording, word => Assert.DoesNotContain(word, text.All));
        Assert.All(ApiWording, word => Assert.DoesNotContain(word, result.All));
    }

    [Fact]
    public void EveryDatabaseStateTheCliCanMeet_HasAScenario()
    {
        // MissingMigrations needs an assembly whose embedded manifest lists a migration it lacks, which no build makes;
        // EditedAfterApplied is raised only under OnDrift = Fail, which the tool never sets (it warns: mchain check).
        // The tool's own copy of the runtime says which problems there are (the tests do not compile against it).
        var runtime = new System.Runtime.Loader.AssemblyLoadContext("runtime-enum", isCollectible: true);
        try
        {
            var problems = runtime.LoadFromAssemblyPath(Path.Combine(Path.GetDirectoryName(Mchain.ToolPath)!, "MigrationChain.Runtime.dll"))
                .GetType("MigrationChain.DatabaseStateProblem", throwOnError: true)!;
            Assert.Equal(
                Enum.GetNames(problems).Where(p => p is not ("MissingMigrations" or "EditedAfterApplied")).Order(StringComparer.Ordinal),
                States.Select(s => s.Problem).Order(StringComparer.Ordinal));
        }
        finally
        {
            runtime.Unload();
        }
    }

    [Fact]
    public async Task AVersionTableWithNoSchemaToLiveIn_NamesTheOption_NeverTheCSharpApi()
    {
        using var folder = new TempDirectory("mc-language");
        var connectionString = await _postgres.CreateDatabaseAsync("cli");
        var name = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{name}\" SET search_path = no_such_schema", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", PostgresUrl.From(connectionString), "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no schema on its search_path", result.Error);
        Assert.Contains("--version-table-schema <schema>", result.Error);
        Assert.All(ApiWording, word => Assert.DoesNotContain(word, result.All));
    }
}
