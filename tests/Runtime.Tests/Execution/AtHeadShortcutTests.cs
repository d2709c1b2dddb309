using MigrationChain.Discovery;
using MigrationChain.Sqlite;
using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Execution;

/// <summary>
/// <c>UpgradeHead()</c> on a SQLite database exactly at head answers without building the engine (a start that
/// finds nothing to do runs only that short path); every other state must still reach the engine, which reads the
/// table in full and applies, refuses or reports drift as before.
/// </summary>
public sealed class AtHeadShortcutTests
{
    private static readonly MigrationCatalog Catalog = MigrationCatalog.FromTypes(typeof(Migrations).GetNestedTypes());

    [Fact]
    public async Task AtHead_SyncAndAsync_AnswerWithoutTheEngine()
    {
        using var db = new SqliteDatabase();
        db.Runner(typeof(Migrations)).UpgradeHead();

        var sync = db.Runner(typeof(Migrations));
        var syncResult = sync.UpgradeHead();
        var async = db.Runner(typeof(Migrations));
        var asyncResult = await async.UpgradeHeadAsync(TestContext.Current.CancellationToken);
        var dryRun = db.Runner(typeof(Migrations)).UpgradeHead(new RunOptions { DryRun = true });

        Assert.False(sync.HasEngine);
        Assert.False(async.HasEngine);
        Assert.True(syncResult.WasUpToDate);
        Assert.True(asyncResult.WasUpToDate);
        Assert.True(dryRun.DryRun);
        Assert.Equal("heads", syncResult.Target);
        Assert.Equal(new[] { OrdersRevision }, syncResult.Current);
        Assert.Equal(syncResult.Current, asyncResult.Current);
        Assert.Empty(syncResult.Drift);
    }

    [Fact]
    public async Task Async_FailuresAndCancellation_StayInTheTask()
    {
        using var db = new SqliteDatabase();
        var unreachable = MigrationRunner.ForSqliteTypes($"Data Source={Path.Combine(db.Path, "no-such-folder", "app.db")}", new MigrationRunnerOptions(), typeof(Migrations).GetNestedTypes());
        var canceled = db.Runner(typeof(Migrations));

        var failing = unreachable.UpgradeHeadAsync(TestContext.Current.CancellationToken);
        var cancel = canceled.UpgradeHeadAsync(new CancellationToken(canceled: true));

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => failing);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancel);
        Assert.True(cancel.IsCanceled);
    }

    [Theory]
    [InlineData("edited", $"UPDATE migration_history SET checksum = '00000000000000000000000000000000' WHERE revision = '{AuditRevision}'")]
    [InlineData("interrupted", $"UPDATE migration_history SET state = 'running' WHERE revision = '{OrdersRevision}'")]
    [InlineData("pending", $"DROP TABLE orders; DELETE FROM migration_history WHERE revision = '{OrdersRevision}'")]
    [InlineData("unknown revision", $"INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) SELECT 'd0004_gone', '{OrdersRevision}', 'applied', applied_at, 0 FROM migration_history WHERE revision = '{OrdersRevision}'")]
    [InlineData("no version table", "DROP TABLE migration_history")]
    public void AnyOtherState_GoesThroughTheEngine(string state, string change)
    {
        using var db = new SqliteDatabase();
        db.Runner(typeof(Migrations)).UpgradeHead();
        db.Execute(change);
        var provider = new SqliteProvider(db.ConnectionString, new MigrationRunnerOptions());
        var runner = db.Runner(typeof(Migrations));

        Assert.False(provider.IsAtHead(Catalog.AtHead, callerIsAsync: false), $"{state}: the provider claimed the table is at head");
        var outcome = Record.Exception(() => runner.UpgradeHead());

        Assert.True(runner.HasEngine, $"{state}: the runner answered without the engine");
        switch (state)
        {
            case "edited":
                Assert.Null(outcome);
                break;
            case "pending":
                Assert.Null(outcome);
                Assert.Contains(OrdersRevision, db.Recorded());
                break;
            default:
                // Interrupted, unknown and unversioned databases are refused, as the engine always refused them.
                Assert.IsAssignableFrom<MigrationChainException>(outcome);
                break;
        }
    }

    [Fact]
    public void AMissingFile_IsNotAtHead_AndAskingDoesNotCreateIt()
    {
        using var db = new SqliteDatabase();
        var provider = new SqliteProvider(db.ConnectionString, new MigrationRunnerOptions());

        Assert.False(provider.IsAtHead(Catalog.AtHead, callerIsAsync: false));
        Assert.False(File.Exists(db.Path));
    }

    [Fact]
    public void ABusyDatabase_IsCannotTell_WithinASecond_SoTheEngineWaitsTheLockTimeoutOnlyOnce()
    {
        using var db = new SqliteDatabase();
        // The rollback journal: there a writer's exclusive lock keeps readers out (in WAL it would not).
        db.Runner(typeof(Migrations), new MigrationRunnerOptions { SqliteJournalMode = SqliteJournalMode.Delete }).UpgradeHead();
        var provider = new SqliteProvider(db.ConnectionString, new MigrationRunnerOptions { LockTimeout = TimeSpan.FromSeconds(60) });
        using var writer = db.Open();
        using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = provider.IsAtHead(Catalog.AtHead, callerIsAsync: false);

        Assert.Null(answer);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the at-head question waited {clock.Elapsed} for a busy database");
    }
}
