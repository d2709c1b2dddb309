using System.Diagnostics;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>statement_timeout and lock_timeout per migration: a timeout is a clear failure naming what timed out, never a hang.</summary>
public class PostgresTimeoutTests(PostgresFixture fixture)
{
    [Fact]
    public async Task StatementTimeoutOnTheMigration_FailsIt_NamingTheRevisionTheStatementAndTheTimeout()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(PostgresChains.StatementTimeoutOnTheMigration)).UpgradeHead());

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4.5));
        Assert.Equal("0002_slow", error.Revision);
        Assert.Equal("SELECT pg_sleep(5)", error.Statement);
        Assert.Contains("timed out", error.Message);
        Assert.Contains("statement timeout (1 s, set by [Migration(StatementTimeoutSeconds = 1)])", error.Message);
        Assert.Contains("rolled back", error.Message);
        Assert.Equal(new[] { "0001_t" }, db.Recorded());
        Assert.DoesNotContain("half_done", db.Tables());
    }

    [Fact]
    public async Task RunnerWideStatementTimeout_AppliesUnlessTheMigrationOptsOut()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { StatementTimeout = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(PostgresChains.StatementTimeoutFromTheRunner), options).UpgradeHead());

        Assert.Equal("0002_inherits", error.Revision);
        Assert.Contains("set by MigrationRunnerOptions.StatementTimeout", error.Message);
        Assert.Equal(new[] { "0001_opts_out" }, db.Recorded());
    }

    [Fact]
    public async Task LockTimeout_FailsAMigrationStuckBehindAnotherSessionsLock_SayingSo()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(PostgresChains.LockTimeout), new MigrationRunnerOptions { LockTimeoutRetries = 0 });
        runner.Upgrade("0001");
        using var blocker = db.Open("long-report");
        using var transaction = blocker.BeginTransaction();
        using (var read = new Npgsql.NpgsqlCommand("SELECT count(*) FROM t", blocker, transaction))
        {
            read.ExecuteScalar();
        }

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        Assert.Equal("0002_alter", error.Revision);
        Assert.Equal("ALTER TABLE t ADD COLUMN x INTEGER", error.Statement);
        Assert.Contains("timed out waiting for a lock", error.Message);
        Assert.Contains("[Migration(LockTimeoutSeconds = 1)]", error.Message);
        transaction.Rollback();
        Assert.False(db.HasColumn("t", "x"));
        Assert.Equal(new[] { "0002_alter" }, runner.UpgradeHead().Steps.Select(s => s.Revision));
    }

    [Fact]
    public async Task LimitSetOutsideATransaction_EndsWithItsMigration()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var result = db.Runner(typeof(PostgresChains.LimitOutsideATransaction)).UpgradeHead();

        Assert.Equal(new[] { "0001_quick", "0002_slower" }, result.Steps.Select(s => s.Revision));
    }

    [Fact]
    public async Task DataMigrationsOwnCommand_TimingOut_IsNamedInTheFailure()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(PostgresChains.DataCommandTimesOut)).UpgradeHead());

        Assert.Equal("0001_data", error.Revision);
        Assert.Equal("SELECT pg_sleep(5)", error.Statement);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public async Task DataCommandTimingOutOutsideATransaction_IsNamed_AndTheDatabaseMarkedForAttention()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(PostgresChains.DataCommandTimesOutOutsideATransaction)).UpgradeHead());

        Assert.Equal("SELECT pg_sleep(5)", error.Statement);
        Assert.Contains("timed out", error.Message);
        Assert.Contains("needing attention", error.Message);
        Assert.Equal(new[] { "running" }, db.Strings("SELECT state FROM migration_history"));
    }

    [Fact]
    public async Task ConcurrentIndexInATransactionalMigration_SaysToDeclareItNonTransactional()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(PostgresChains.ConcurrentIndexInATransaction)).UpgradeHead());

        Assert.Equal("CREATE INDEX CONCURRENTLY ix_items_id ON items (id)", error.Statement);
        Assert.Contains("Transactional = false", error.Message);
        Assert.DoesNotContain("items", db.Tables());
    }

    [Fact]
    public async Task Cancellation_StopsADataMigrationsOwnCommandOnTheServer()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(PostgresChains.DataCommandRunsLong), null, "cancelled-runner");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.UpgradeHeadAsync(cancel.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(8));
        Assert.Equal(new[] { "0001_t" }, db.Recorded());
        Assert.DoesNotContain("long_marker", db.Tables());
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cancelled-runner' AND query LIKE '%pg_sleep%' AND state = 'active'"));
    }

    [Fact]
    public async Task CancellationBeforeADataMigrationCreatesItsCommand_StopsIt_ThoughNothingRanOnTheServerThen()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        using var cancel = new CancellationTokenSource();
        PostgresChains.CancelledBeforeOwnCommand.Cancel = cancel;
        var runner = db.Runner(typeof(PostgresChains.CancelledBeforeOwnCommand), null, "cancelled-before-command");
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.UpgradeHeadAsync(cancel.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        Assert.Equal(new[] { "0001_t" }, db.Recorded());
        Assert.DoesNotContain("long_marker", db.Tables());
    }
}
