using System.Text.Json;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// What mchain says about version rows that disagree with the code: check and current report "applied, then
/// edited" and wrong recorded parents, stamp --accept-edits and stamp repair them, history tells stamped from applied.
/// The chain is built with the source generator, so its migrations carry their checksums.
/// </summary>
public class DriftTests(PostgresFixture postgres)
{
    private const string OldChecksum = "00000000000000000000000000000000";

    [Fact]
    public async Task AnAppliedMigrationEditedSince_IsReportedByCheckAndCurrent_ThenAcceptedByStampAcceptEdits()
    {
        using var folder = new TempDirectory("mc-drift");
        var db = new SqliteFile(folder.File("journal.db"));
        Assert.Equal(0, (await Run(folder, "upgrade", "--database", db.Url)).ExitCode);
        var built = db.Strings("SELECT checksum FROM migration_history WHERE revision = 'c0002_audit'").Single();
        Assert.Matches("^[0-9a-f]{32}$", built);
        var appliedAt = db.Strings("SELECT substr(applied_at, 1, 10) FROM migration_history WHERE revision = 'c0002_audit'").Single();
        db.Execute($"UPDATE migration_history SET checksum = '{OldChecksum}' WHERE revision = 'c0002_audit'");

        var check = await Run(folder, "check", "--database", db.Url);
        var current = await Run(folder, "current", "--database", db.Url);
        var json = await Run(folder, "check", "--json", "--database", db.Url);
        var upgrade = await Run(folder, "upgrade", "--database", db.Url);

        Assert.Equal(5, check.ExitCode);
        Assert.Contains("journal.db: applied, then edited: c0002_audit: applied, then edited (applied " + appliedAt, check.Output);
        Assert.Contains($"the database recorded checksum {OldChecksum}, the code has {built}", check.Output);
        Assert.Contains($"mchain stamp --accept-edits c0002_audit --assembly {Assets.Checksummed} --database", check.Output);
        Assert.True(current.ExitCode == 0, current.ToString());
        Assert.Contains("applied, then edited: c0002_audit", current.Output);
        using (var document = JsonDocument.Parse(json.Output))
        {
            var drift = document.RootElement.GetProperty("databases")[0].GetProperty("drift")[0];
            Assert.Equal("edited", drift.GetProperty("kind").GetString());
            Assert.Equal(OldChecksum, drift.GetProperty("recordedChecksum").GetString());
            Assert.Equal(5, document.RootElement.GetProperty("exitCode").GetInt32());
        }

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Contains("warning: c0002_audit: applied, then edited", upgrade.Error);
        Assert.Contains("mchain stamp --accept-edits c0002_audit", upgrade.Error);
        Assert.DoesNotContain("runner.AcceptEdits", upgrade.All);

        var accept = await Run(folder, "stamp", "--accept-edits", "c0002", "--database", db.Url);
        var checkAfter = await Run(folder, "check", "--database", db.Url);

        Assert.True(accept.ExitCode == 0, accept.ToString());
        Assert.Contains($"c0002_audit: accepted the edit (checksum now {built})", accept.Output);
        Assert.Equal(built, db.Strings("SELECT checksum FROM migration_history WHERE revision = 'c0002_audit'").Single());
        Assert.True(checkAfter.ExitCode == 0, checkAfter.ToString());
        Assert.DoesNotContain("edited", checkAfter.Output);
    }

    [Fact]
    public async Task WrongRecordedParents_MakeCheckFail_AndStampHeadRewritesThem()
    {
        using var folder = new TempDirectory("mc-drift");
        var db = new SqliteFile(folder.File("journal.db"));
        await Run(folder, "upgrade", "--database", db.Url);
        db.Execute("UPDATE migration_history SET parents = '' WHERE revision = 'c0002_audit'");

        var check = await Run(folder, "check", "--database", db.Url);
        var stamp = await Run(folder, "stamp", "head", "--database", db.Url);
        var checkAfter = await Run(folder, "check", "--database", db.Url);

        Assert.Equal(5, check.ExitCode);
        Assert.Contains("wrong recorded parents: c0002_audit: recorded with parents (base), the code declares c0001_entries", check.Output);
        Assert.True(stamp.ExitCode == 0, stamp.ToString());
        Assert.Equal("c0001_entries", db.Strings("SELECT parents FROM migration_history WHERE revision = 'c0002_audit'").Single());
        Assert.Equal("upgrade", db.Strings("SELECT recorded_by FROM migration_history WHERE revision = 'c0002_audit'").Single());
        Assert.True(checkAfter.ExitCode == 0, checkAfter.ToString());
    }

    [Fact]
    public async Task History_TellsStampedRowsFromAppliedOnes()
    {
        using var folder = new TempDirectory("mc-drift");
        var db = new SqliteFile(folder.File("journal.db"));
        await Run(folder, "upgrade", "c0001", "--database", db.Url);
        await Run(folder, "stamp", "c0002", "--database", db.Url);

        var history = await Run(folder, "history", "--database", db.Url);
        var json = await Run(folder, "history", "--json", "--database", db.Url);

        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Matches(@"<base> -> c0001_entries  applied 20\d\d-", history.Output);
        Assert.Matches(@"c0001_entries -> c0002_audit  stamped 20\d\d-", history.Output);
        Assert.Contains("c0002_audit -> c0003_tags (head)  pending", history.Output);
        using var document = JsonDocument.Parse(json.Output);
        var recordedBy = document.RootElement.GetProperty("revisions").EnumerateArray()
            .ToDictionary(r => r.GetProperty("revision").GetString()!, r => r.TryGetProperty("recordedBy", out var by) ? by.GetString() : null);
        Assert.Equal(("upgrade", "stamp", (string?)null), (recordedBy["c0001_entries"], recordedBy["c0002_audit"], recordedBy["c0003_tags"]));
    }

    [Fact]
    public async Task StampAcceptEdits_Refuses_ARevisionNotApplied_AndATargetGivenAsWell()
    {
        using var folder = new TempDirectory("mc-drift");
        var db = new SqliteFile(folder.File("journal.db"));
        await Run(folder, "upgrade", "c0001", "--database", db.Url);

        var notApplied = await Run(folder, "stamp", "--accept-edits", "c0003_tags", "--database", db.Url);
        var both = await Run(folder, "stamp", "head", "--accept-edits", "c0001_entries", "--database", db.Url);
        var neither = await Run(folder, "stamp", "--database", db.Url);

        Assert.NotEqual(0, notApplied.ExitCode);
        Assert.Contains("'c0003_tags' is not recorded as applied", notApplied.Error);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("not both", both.Error);
        Assert.Equal(2, neither.ExitCode);
        Assert.Equal(new[] { "c0001_entries" }, db.Strings("SELECT revision FROM migration_history"));
    }

    [Fact]
    public async Task OnPostgres_CheckReportsTheEdit_AndStampAcceptEditsRecordsTheBuiltChecksum()
    {
        using var folder = new TempDirectory("mc-drift-pg");
        var connectionString = await postgres.CreateDatabaseAsync("drift");
        var url = PostgresUrl.From(connectionString);
        Assert.Equal(0, (await Run(folder, "upgrade", "--database", url)).ExitCode);
        var built = Scalar(connectionString, "SELECT checksum FROM migration_history WHERE revision = 'c0001_entries'");
        Scalar(connectionString, $"UPDATE migration_history SET checksum = '{OldChecksum}' WHERE revision = 'c0001_entries' RETURNING revision");

        var check = await Run(folder, "check", "--database", url);
        var accept = await Run(folder, "stamp", "--accept-edits", "c0001_entries", "--database", url);
        var checkAfter = await Run(folder, "check", "--database", url);

        Assert.Equal(5, check.ExitCode);
        Assert.Contains("applied, then edited: c0001_entries", check.Output);
        Assert.True(accept.ExitCode == 0, accept.ToString());
        Assert.Equal(built, Scalar(connectionString, "SELECT checksum FROM migration_history WHERE revision = 'c0001_entries'"));
        Assert.Equal("upgrade", Scalar(connectionString, "SELECT recorded_by FROM migration_history WHERE revision = 'c0001_entries'"));
        Assert.True(checkAfter.ExitCode == 0, checkAfter.ToString());
    }

    private static string? Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar() as string;
    }

    private static Task<ProcessResult> Run(TempDirectory folder, params string[] arguments) =>
        Mchain.RunAsync(folder.Path, arguments.Append("--assembly").Append(Assets.Checksummed).ToArray());
}
