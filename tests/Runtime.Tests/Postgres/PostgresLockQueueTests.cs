#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario
using System.Collections.Concurrent;
using System.Diagnostics;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// The lock queue, reproduced: an ALTER TABLE behind a long open transaction must never stall the application. It
/// gives up after its lock timeout, rolls back, retries, names the blocker each time, and completes once it can.
/// </summary>
public class PostgresLockQueueTests(PostgresFixture fixture)
{
    // lock_timeout (2 s by default) plus a margin: the most a query queued behind the waiting ALTER may wait.
    private static readonly TimeSpan AllowedLatency = TimeSpan.FromSeconds(3);

    public static class AlterBehindAReport
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER); INSERT INTO t SELECT generate_series(1, 100)");
        }

        // No LockTimeoutSeconds: the runner's default lock_timeout applies.
        [Migration("0002_alter", Parent = "0001_t")]
        public sealed class Alter : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE t ADD COLUMN x INTEGER");
        }
    }

    [Fact]
    public async Task AlterBehindALongTransaction_RetriesWithoutStallingTheApplication_AndCompletesWhenTheBlockerCommits()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var listener = new RetryListener();
        var options = new MigrationRunnerOptions { Listener = listener, LockRetryDelay = TimeSpan.FromMilliseconds(200), LockRetryMaxDelay = TimeSpan.FromMilliseconds(500), LockTimeoutRetries = 20 };
        var runner = db.Runner(typeof(AlterBehindAReport), options, "lock-queue-runner");
        runner.Upgrade("0001_t");
        await using var blocker = db.Open("long-report");
        var blockerPid = blocker.ProcessID;
        await using var report = await blocker.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM t", blocker, report))
        {
            await read.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        var migration = Task.Run(() => runner.UpgradeHeadAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        // The blocker commits on its own clock, whatever the application's queries are doing.
        var commit = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(7), CancellationToken.None);
            await report.CommitAsync(CancellationToken.None);
        }, CancellationToken.None);
        var latencies = await ApplicationTrafficAsync(db, migration);
        await commit;

        var result = await migration;
        Assert.True(latencies.Max() < AllowedLatency, $"an application query waited {latencies.Max().TotalSeconds:0.00} s behind the migration (allowed {AllowedLatency.TotalSeconds} s)");
        Assert.Equal(new[] { "0002_alter" }, result.Steps.Select(s => s.Revision));
        Assert.True(db.HasColumn("t", "x"));
        Assert.True(latencies.Count > 10, $"the application ran only {latencies.Count} queries");
        Assert.InRange(listener.Retries.Count, 2, 20);
        Assert.All(listener.Retries, retry =>
        {
            Assert.Equal("0002_alter", retry.Revision);
            Assert.Contains($"pid {blockerPid} (application_name 'long-report'", retry.Blockers);
            Assert.Contains("AccessShareLock on t", retry.Blockers);
            Assert.Contains("state idle in transaction", retry.Blockers);
        });
        Assert.Empty(listener.Failures);
    }

    [Fact]
    public async Task BlockerThatNeverLetsGo_FailsAfterTheLastAttempt_NamingIt_AtTheLastGoodRevision()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var listener = new RetryListener();
        var options = new MigrationRunnerOptions
        {
            Listener = listener, StatementLockTimeout = TimeSpan.FromMilliseconds(300), LockTimeoutRetries = 2, LockRetryDelay = TimeSpan.FromMilliseconds(100),
        };
        var runner = db.Runner(typeof(AlterBehindAReport), options, "lock-queue-runner");
        runner.Upgrade("0001_t");
        await using var blocker = db.Open("stuck-report");
        await using var report = await blocker.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM t", blocker, report))
        {
            await read.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0002_alter", error.Revision);
        Assert.Equal("ALTER TABLE t ADD COLUMN x INTEGER", error.Statement);
        Assert.Contains("Gave up after 3 attempt(s)", error.Message);
        Assert.Contains($"pid {blocker.ProcessID} (application_name 'stuck-report'", error.Message);
        Assert.Contains("0.3 s, set by MigrationRunnerOptions.StatementLockTimeout", error.Message);
        Assert.Equal(2, listener.Retries.Count);
        Assert.Equal(new[] { (1, 3), (2, 3) }, listener.Retries.Select(r => (r.Attempt, r.Attempts)));
        Assert.Single(listener.Failures);
        Assert.Equal(new[] { "0001_t" }, db.Recorded());
        Assert.False(db.HasColumn("t", "x"));
    }

    /// <summary>Reads and writes t in a loop from a third session while the migration runs; returns each query's latency.</summary>
    private static async Task<List<TimeSpan>> ApplicationTrafficAsync(PostgresDatabase db, Task migration)
    {
        await using var application = db.Open("application");
        var latencies = new List<TimeSpan>();
        var since = Stopwatch.StartNew();
        var i = 1000;
        while (!migration.IsCompleted && since.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var sql in new[] { "SELECT count(*) FROM t", $"INSERT INTO t (id) VALUES ({i++})" })
            {
                var clock = Stopwatch.StartNew();
                await using var command = new NpgsqlCommand(sql, application);
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                latencies.Add(clock.Elapsed);
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return latencies;
    }

    private sealed class RetryListener : MigrationListener
    {
        public ConcurrentQueue<(string Revision, int Attempt, int Attempts, string Blockers)> RetriesQueue { get; } = new();

        public List<(string Revision, int Attempt, int Attempts, string Blockers)> Retries => RetriesQueue.ToList();

        public ConcurrentQueue<Exception> FailuresQueue { get; } = new();

        public List<Exception> Failures => FailuresQueue.ToList();

        public override void OnLockTimeoutRetry(MigrationStep migrationStep, int attempt, int attempts, TimeSpan delay, string blockers) =>
            RetriesQueue.Enqueue((migrationStep.Revision, attempt, attempts, blockers));

        public override void OnStepFailed(MigrationStep migrationStep, Exception exception) => FailuresQueue.Enqueue(exception);
    }
}
