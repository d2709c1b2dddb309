using Microsoft.Data.Sqlite;

namespace MigrationChain.Runtime.Tests.Sqlite;

/// <summary>
/// A database the runner creates is put in WAL and the listener told; an existing database keeps its journal mode
/// unless the options ask for another; synchronous follows the mode on the runner's connection.
/// </summary>
public sealed class SqliteJournalTests
{
    private sealed class Notices : MigrationListener
    {
        public List<string> Messages { get; } = new();

        public override void OnNotice(string message) => Messages.Add(message);
    }

    [Fact]
    public void NewDatabase_IsPutInWal_AndTheListenerIsTold()
    {
        using var db = new SqliteDatabase();
        var notices = new Notices();

        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Listener = notices }).UpgradeHead();

        Assert.Equal("wal", db.Scalar("PRAGMA journal_mode"));
        var notice = Assert.Single(notices.Messages);
        Assert.Contains("WAL journal mode", notice);
        Assert.Contains("docs/sqlite.md", notice);
    }

    [Fact]
    public void ExistingDatabase_KeepsItsRollbackJournal_AndNothingIsSaid()
    {
        using var db = new SqliteDatabase();
        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { SqliteJournalMode = SqliteJournalMode.Delete }).Upgrade("0001");
        SqliteConnection.ClearAllPools();
        var notices = new Notices();

        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Listener = notices }).UpgradeHead();

        Assert.Equal("delete", db.Scalar("PRAGMA journal_mode"));
        Assert.Empty(notices.Messages);
        Assert.Equal(4, db.Recorded().Count);
    }

    [Fact]
    public void ExistingDatabase_SwitchesToWal_OnlyWhenAskedTo_AndSaysFromWhat()
    {
        using var db = new SqliteDatabase();
        db.Execute("CREATE TABLE migration_history_placeholder (id INTEGER)");
        db.Execute("DROP TABLE migration_history_placeholder");
        Assert.Equal("delete", db.Scalar("PRAGMA journal_mode"));
        var notices = new Notices();

        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { SqliteJournalMode = SqliteJournalMode.Wal, Listener = notices }).UpgradeHead();

        Assert.Equal("wal", db.Scalar("PRAGMA journal_mode"));
        Assert.Contains("from DELETE to WAL", Assert.Single(notices.Messages));
    }

    [Fact]
    public void NewDatabase_StaysInTheModeAskedFor()
    {
        using var db = new SqliteDatabase();
        var notices = new Notices();

        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { SqliteJournalMode = SqliteJournalMode.Delete, Listener = notices }).UpgradeHead();

        Assert.Equal("delete", db.Scalar("PRAGMA journal_mode"));
        Assert.Empty(notices.Messages);
    }

    [Theory]
    [InlineData(SqliteJournalMode.Wal, 1L)]
    [InlineData(SqliteJournalMode.Delete, 2L)]
    public void TheRunnersConnection_WritesUnderTheSynchronousLevelItsModeNeeds(SqliteJournalMode mode, long expected)
    {
        using var db = new SqliteDatabase();

        db.Runner(typeof(RecordsSynchronous), new MigrationRunnerOptions { SqliteJournalMode = mode }).UpgradeHead();

        // 1 = NORMAL, 2 = FULL, as the migration saw it on the runner's connection.
        Assert.Equal(expected, db.Scalar("SELECT level FROM synchronous_seen"));
    }

#pragma warning disable CA1034 // a test chain is a nested class
    public static class RecordsSynchronous
    {
        [Migration("0001_record_synchronous")]
        public sealed class Record : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE synchronous_seen AS SELECT synchronous AS level FROM pragma_synchronous");
        }
    }
}
