using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The PostgreSQL lock-safety flags: a value that cannot be meant is refused before anything runs, naming the flag
/// (or the mchain.json key) and the accepted range; a sensible one is accepted.
/// </summary>
public class LockSafetyFlagTests
{
    [Theory]
    [InlineData("--statement-lock-timeout", "-1", "must be zero (no limit) or more and at most 3600")]
    [InlineData("--statement-lock-timeout", "100000", "must be zero (no limit) or more and at most 3600")]
    [InlineData("--lock-retries", "-3", "must be between 0 and 100")]
    [InlineData("--lock-retries", "5000", "must be between 0 and 100")]
    [InlineData("--lock-retry-delay", "0", "must be more than zero")]
    [InlineData("--lock-retry-delay", "-2", "must be more than zero")]
    [InlineData("--lock-size-threshold", "0", "must be more than zero MB and at most 1 PB")]
    [InlineData("--lock-size-threshold", "-5", "must be more than zero MB and at most 1 PB")]
    public async Task AbsurdValue_IsRefusedNamingTheFlag_AndNothingIsCreated(string flag, string value, string rule)
    {
        using var folder = new TempDirectory("mc-locksafety");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--assembly", Assets.Linear, "--database", "sqlite:///app.db", flag, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{flag} {value}: {rule}", result.Error);
        Assert.Empty(result.Output);
        Assert.False(File.Exists(folder.File("app.db")));
    }

    [Fact]
    public async Task AbsurdValueInMchainJson_IsRefusedToo()
    {
        using var folder = new TempDirectory("mc-locksafety");
        File.WriteAllText(folder.File("mchain.json"), """{ "lockRetries": 1000 }""");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--assembly", Assets.Linear, "--database", "sqlite:///app.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lock-retries 1000: must be between 0 and 100", result.Error);
        Assert.False(File.Exists(folder.File("app.db")));
    }

    [Fact]
    public async Task SensibleValues_AreAccepted()
    {
        using var folder = new TempDirectory("mc-locksafety");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--assembly", Assets.Linear, "--database", "sqlite:///app.db",
            "--statement-lock-timeout", "1.5", "--lock-retries", "3", "--lock-retry-delay", "0.5");

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}

/// <summary><c>mchain upgrade --dry-run</c> on PostgreSQL shows the locks the pending migrations would take.</summary>
public class LockPreflightDryRunTests(PostgresFixture postgres)
{
    [Fact]
    public async Task DryRun_ListsEachStatementsRelationLockAndSize_AsATableAndInJson_ChangingNothing()
    {
        using var folder = new TempDirectory("mc-pg-plan");
        var connectionString = await postgres.CreateDatabaseAsync("cliplan");
        var url = PostgresUrl.From(connectionString);
        Assert.Equal(0, (await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", url, "--assembly", Assets.Linear)).ExitCode);

        var text = await Mchain.RunAsync(folder.Path, "upgrade", "--dry-run", "--database", url, "--assembly", Assets.Linear);
        var json = await Mchain.RunAsync(folder.Path, "upgrade", "--dry-run", "--json", "--database", url, "--assembly", Assets.Linear, "--lock-policy", "refuse");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Locks the pending migrations would take", text.Output);
        Assert.Matches(@"0002_add_tags\s+tags\s+none\s+none\s+-\s+-\s+none\s+allowed", text.Output);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        var locks = document.RootElement.GetProperty("locks");
        Assert.Equal("tags", locks[0].GetProperty("relation").GetString());
        Assert.Equal("none", locks[0].GetProperty("lockMode").GetString());
        Assert.Equal("allowed", locks[0].GetProperty("verdict").GetString());
        Assert.Equal(new[] { "0001_create_notes" }, PostgresUrl.Recorded(connectionString));
    }

    [Fact]
    public async Task DryRunToATarget_ShowsTheLocksOfTheMigrationsUpToIt_NotOfEveryPendingOne()
    {
        using var folder = new TempDirectory("mc-pg-plan");
        var connectionString = await postgres.CreateDatabaseAsync("cliplan");
        var url = PostgresUrl.From(connectionString);
        Assert.Equal(0, (await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", url, "--assembly", Assets.Linear)).ExitCode);

        var json = await Mchain.RunAsync(folder.Path, "upgrade", "0002_add_tags", "--dry-run", "--json", "--database", url, "--assembly", Assets.Linear, "--lock-policy", "off");
        var all = await Mchain.RunAsync(folder.Path, "upgrade", "--dry-run", "--json", "--database", url, "--assembly", Assets.Linear);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        Assert.Equal(new[] { "0002_add_tags" }, document.RootElement.GetProperty("locks").EnumerateArray().Select(l => l.GetProperty("revision").GetString()).Distinct());
        Assert.Equal(new[] { "0002_add_tags" }, document.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("revision").GetString()));
        using var everything = System.Text.Json.JsonDocument.Parse(all.Output);
        Assert.Equal(new[] { "tags", "note_tags" }, everything.RootElement.GetProperty("locks").EnumerateArray().Select(l => l.GetProperty("relation").GetString()));
        Assert.Equal(new[] { "0001_create_notes" }, PostgresUrl.Recorded(connectionString));
    }

    [Fact]
    public async Task InterruptedMigrationWithAnInvalidIndexLeft_IsRefusedNamingTheIndexAndTable_AndTheFlagThatRebuildsIt()
    {
        using var folder = new TempDirectory("mc-pg-invalid");
        var connectionString = await postgres.CreateDatabaseAsync("cliinvalid");
        var url = PostgresUrl.From(connectionString);
        Assert.Equal(0, (await Mchain.RunAsync(folder.Path, "upgrade", "--database", url, "--assembly", Assets.Linear)).ExitCode);
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            // What a killed CREATE INDEX CONCURRENTLY leaves: the index, INVALID, and its migration's row still running.
            await using var command = new Npgsql.NpgsqlCommand("""
                CREATE INDEX ix_notes_body ON notes (body);
                UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ix_notes_body'::regclass;
                UPDATE migration_history SET state = 'running' WHERE revision = '0003_note_tags'
                """, connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", url, "--assembly", Assets.Linear);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("INVALID index (pg_index.indisvalid = false), as an interrupted CREATE INDEX CONCURRENTLY leaves: ix_notes_body on table notes", result.Error);
        Assert.Contains("To drop the INVALID index ix_notes_body on table notes and build it again, run it again: mchain upgrade --retry-interrupted", result.Error);
        Assert.DoesNotContain("RetryInterrupted", result.All);
        Assert.DoesNotContain("Stamp(", result.All);
    }

    [Fact]
    public async Task UnknownLockPolicy_IsRefusedNamingTheChoices()
    {
        using var folder = new TempDirectory("mc-locksafety");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--assembly", Assets.Linear, "--database", "sqlite:///app.db", "--lock-policy", "block");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lock-policy block: must be off, warn or refuse.", result.Error);
        Assert.False(File.Exists(folder.File("app.db")));
    }
}
