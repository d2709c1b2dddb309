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
    // The blocker lets go once the ALTER has given up this many times, so the application has to live through several
    // of its waits; a runner that never gives up is let through after BlockerDeadline instead of hanging the test.
    private const int TimeoutsBeforeTheBlockerCommits = 3;
    private static readonly TimeSpan BlockerDeadline = TimeSpan.FromSeconds(20);

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

    // Latency is measured by the server, not by the test's clock: a stopwatch in the test also counts the test
    // process's own scheduling, which on a loaded machine has nothing to do with the lock queue (the former
    // client-side 3 s bound failed once at load ~20 on 2 cores). What the property is about, the wait
    // in PostgreSQL's lock queue, is the time from the query's arrival (now(), the start of its implicit transaction)
    // to its execution (clock_timestamp()), which includes taking the table lock at parse time.
    [Fact]
    public async Task AlterBehindALongTransaction_RetriesWithoutStallingTheApplication_AndCompletesWhenTheBlockerCommits()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var listener = new RetryListener(signalAfterRetries: TimeoutsBeforeTheBlockerCommits);
        var options = new MigrationRunnerOptions { Listener = listener, LockRetryDelay = TimeSpan.FromMilliseconds(200), LockRetryMaxDelay = TimeSpan.FromMilliseconds(500), LockTimeoutRetries = 20 };
        // The runner's default lock_timeout: the longest the ALTER's lock request may sit in the queue in front of others.
        var lockTimeout = options.StatementLockTimeout ?? throw new InvalidOperationException("the runner no longer sets a lock_timeout by default");
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
        // The blocker commits on the migration's progress, not on a clock, so a slow machine only makes the test longer.
        var commit = Task.Run(async () =>
        {
            await Task.WhenAny(listener.Retried, Task.Delay(BlockerDeadline, CancellationToken.None));
            var at = Stopwatch.GetTimestamp();
            await report.CommitAsync(CancellationToken.None);
            return at;
        }, CancellationToken.None);
        var queries = await ApplicationTrafficAsync(db, migration);
        var committedAt = await commit;

        var result = await migration;
        var longestWait = queries.Max(q => q.ServerWait);
        // Not stalled: no query waited for the blocker (which held t for at least TimeoutsBeforeTheBlockerCommits lock
        // timeouts), only for one lock attempt of the ALTER; twice the lock timeout leaves room for a loaded server.
        Assert.True(longestWait < 2 * lockTimeout, $"an application query waited {longestWait.TotalSeconds:0.00} s in the server behind the migration (lock_timeout {lockTimeout.TotalSeconds} s)");
        // The queue was really reproduced and the measure sees it: some query sat behind one of the ALTER's attempts.
        Assert.True(longestWait > lockTimeout / 4, $"no application query waited behind the ALTER (longest {longestWait.TotalSeconds:0.00} s): the measure or the scenario is broken");
        Assert.NotEmpty(listener.Retries);
        var firstTimeout = listener.Retries[0].At;
        Assert.True(
            queries.Count(q => q.FinishedAt > firstTimeout && q.FinishedAt < committedAt) >= 1,
            "no application query completed between the migration's first lock timeout and the blocker's commit");
        Assert.Equal(new[] { "0002_alter" }, result.Steps.Select(s => s.Revision));
        Assert.True(db.HasColumn("t", "x"));
        Assert.InRange(listener.Retries.Count, TimeoutsBeforeTheBlockerCommits, 20);
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

    /// <summary>One application query: when the test saw it finish (a <see cref="Stopwatch"/> timestamp), and how long the server held it before running it.</summary>
    private readonly record struct ApplicationQuery(long FinishedAt, TimeSpan ServerWait);

    /// <summary>Reads and writes t in a loop from a third session while the migration runs.</summary>
    private static async Task<List<ApplicationQuery>> ApplicationTrafficAsync(PostgresDatabase db, Task migration)
    {
        await using var application = db.Open("application");
        var queries = new List<ApplicationQuery>();
        var since = Stopwatch.StartNew();
        var i = 1000;
        while (!migration.IsCompleted && since.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var sql in new[] { "SELECT clock_timestamp() - now(), count(*) FROM t", $"INSERT INTO t (id) VALUES ({i++}) RETURNING clock_timestamp() - now()" })
            {
                await using var command = new NpgsqlCommand(sql, application);
                var serverWait = (TimeSpan)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
                queries.Add(new ApplicationQuery(Stopwatch.GetTimestamp(), serverWait));
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return queries;
    }

    private sealed class RetryListener(int signalAfterRetries = 0) : MigrationListener
    {
        private readonly TaskCompletionSource _retried = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes once <c>signalAfterRetries</c> retries were reported (never, when that is 0).</summary>
        public Task Retried => _retried.Task;

        public ConcurrentQueue<(string Revision, int Attempt, int Attempts, string Blockers, long At)> RetriesQueue { get; } = new();

        public List<(string Revision, int Attempt, int Attempts, string Blockers, long At)> Retries => RetriesQueue.ToList();

        public ConcurrentQueue<Exception> FailuresQueue { get; } = new();

        public List<Exception> Failures => FailuresQueue.ToList();

        public override void OnLockTimeoutRetry(MigrationStep migrationStep, int attempt, int attempts, TimeSpan delay, string blockers)
        {
            RetriesQueue.Enqueue((migrationStep.Revision, attempt, attempts, blockers, Stopwatch.GetTimestamp()));
            if (RetriesQueue.Count == signalAfterRetries)
            {
                _retried.TrySetResult();
            }
        }

        public override void OnStepFailed(MigrationStep migrationStep, Exception exception) => FailuresQueue.Enqueue(exception);
    }
}
