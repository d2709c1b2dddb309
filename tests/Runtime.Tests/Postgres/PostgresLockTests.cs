using System.Diagnostics;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>The runners' advisory lock: taken only when something is pending, on its own connection, and explained when waited on.</summary>
public class PostgresLockTests(PostgresFixture fixture)
{
    [Fact]
    public async Task WaitBeyondLockTimeout_EndsInALockTimeout_ThatNamesTheHolder()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        using var holder = db.Open("billing-api");
        var holderPid = holder.ProcessID;
        Hold(holder, db.LockKey());
        var listener = new WaitListener();
        var runner = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { LockTimeout = TimeSpan.FromSeconds(1), Listener = listener });

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<MigrationLockTimeoutException>(() => runner.UpgradeHead());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        Assert.Contains($"pid {holderPid}", error.Message);
        Assert.Contains("application_name 'billing-api'", error.Message);
        Assert.Matches(@"held it since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ or earlier", error.Message);
        Assert.Contains("LockTimeout", error.Message);
        Assert.Contains($"pid {holderPid}", error.Holder);
        Assert.Contains(listener.Holders, h => h is not null && h.Contains($"pid {holderPid}", StringComparison.Ordinal));
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task AtHead_NoLockIsTaken_SoAHeldLockDoesNotDelayTheRun()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { LockTimeout = TimeSpan.FromSeconds(30) });
        runner.UpgradeHead();
        using var holder = db.Open("holder");
        Hold(holder, db.LockKey());

        var clock = Stopwatch.StartNew();
        var result = runner.UpgradeHead();

        Assert.True(result.WasUpToDate);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Waiter_ProceedsAsSoonAsTheHolderLetsGo()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        using var holder = db.Open("holder");
        Hold(holder, db.LockKey());
        var listener = new WaitListener();
        var waiting = Task.Run(() => db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Listener = listener }).UpgradeHeadAsync(TestContext.Current.CancellationToken));
        await WaitUntil(() => listener.Holders.Count > 0);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        var clock = Stopwatch.StartNew();
        Release(holder, db.LockKey());
        var result = await waiting;

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.Equal(4, result.Steps.Count);
        Assert.Single(listener.Holders);
    }

    [Fact]
    public async Task Lock_IsHeldOnAConnectionOfItsOwn_OutsideAnyTransaction()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var (classId, objId) = MigrationChain.Postgres.PostgresLockKey.Halves(db.LockKey());

        db.Runner(typeof(PostgresChains.ObservesTheLock)).UpgradeHead();

        var observed = db.Strings($"SELECT other_connection::text || ' ' || state FROM observed WHERE classid = {classId} AND objid = {objId}");
        Assert.Equal(new[] { "true idle" }, observed);
    }

    [Fact]
    public async Task RunnersOfDifferentVersionTables_DoNotWaitForEachOther()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        using var holder = db.Open("holder");
        Hold(holder, db.LockKey("migration_history"));

        var result = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { VersionTable = "other_history", LockTimeout = TimeSpan.FromSeconds(1) }).UpgradeHead();

        Assert.Equal(4, result.Steps.Count);
        Assert.NotEqual(db.LockKey("migration_history"), db.LockKey("other_history"));
    }

    [Fact]
    public async Task ConcurrentIndexBuild_AndAWaitingRunner_DoNotDeadlockWithTheLock()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { LockTimeout = TimeSpan.FromSeconds(60) };

        // CREATE INDEX CONCURRENTLY waits for every transaction that could see the table: a lock held, or waited
        // for, inside a transaction would hang it.
        var runs = Enumerable.Range(0, 3)
            .Select(_ => Task.Run(() => db.Runner(typeof(PostgresChains.ConcurrentIndex), options).UpgradeHeadAsync(TestContext.Current.CancellationToken)))
            .ToArray();
        var all = Task.WhenAll(runs);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(45), TestContext.Current.CancellationToken));

        Assert.True(all.IsCompletedSuccessfully, "the runners did not finish: " + all.Exception);
        Assert.Equal(3, all.Result.Sum(r => r.Steps.Count));
        Assert.Equal(1L, db.Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_items_id' AND schemaname = current_schema()"));
    }

    [Fact]
    public async Task RunnerArrivingDuringAnotherRunnersNonTransactionalStep_WaitsForIt_InsteadOfCallingItInterrupted()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var first = Task.Run(() => db.Runner(typeof(PostgresChains.SlowNonTransactional)).UpgradeHeadAsync(TestContext.Current.CancellationToken));
        await WaitUntil(() => db.Tables().Contains("migration_history") && db.Strings("SELECT state FROM migration_history").Contains("running"));

        var second = db.Runner(typeof(PostgresChains.SlowNonTransactional)).UpgradeHead();

        Assert.Equal(2, (await first).Steps.Count + second.Steps.Count);
        Assert.Equal(new[] { "0001_slow_outside", "0002_after" }, db.Recorded());
    }

    [Fact]
    public async Task TerminatedInsideANonTransactionalStep_TheNextRunNamesTheRevisionAndBothWaysOut()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var doomed = Task.Run(() => db.Runner(typeof(PostgresChains.SlowNonTransactional), null, "doomed-runner").UpgradeHeadAsync(TestContext.Current.CancellationToken));
        await WaitUntil(() => db.Tables().Contains("migration_history") && db.Strings("SELECT state FROM migration_history").Contains("running"));

        Assert.True(db.Terminate("doomed-runner") >= 1);
        var failure = await Assert.ThrowsAsync<MigrationFailedException>(() => doomed);
        Assert.Contains("needing attention", failure.Message);

        var refusal = Assert.Throws<DatabaseStateException>(() => db.Runner(typeof(PostgresChains.SlowNonTransactional)).UpgradeHead());
        Assert.Equal(DatabaseStateProblem.Interrupted, refusal.Problem);
        Assert.Equal(new[] { "0001_slow_outside" }, refusal.Revisions);
        Assert.Contains("RetryInterrupted", refusal.Message);
        Assert.Contains("Stamp(\"0001_slow_outside\")", refusal.Message);
        Assert.Contains("Stamp(\"base\")", refusal.Message);

        var retried = db.Runner(typeof(PostgresChains.SlowNonTransactional)).UpgradeHead(new RunOptions { RetryInterrupted = true });
        Assert.Equal(new[] { "0001_slow_outside", "0002_after" }, retried.Steps.Select(s => s.Revision));
    }

    internal static void Hold(NpgsqlConnection connection, long key)
    {
        using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", connection);
        command.ExecuteNonQuery();
    }

    internal static void Release(NpgsqlConnection connection, long key)
    {
        using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", connection);
        command.ExecuteNonQuery();
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the condition never came true");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private sealed class WaitListener : MigrationListener
    {
        private readonly List<string?> _holders = new();

        public List<string?> Holders
        {
            get
            {
                lock (_holders)
                {
                    return _holders.ToList();
                }
            }
        }

        public override void OnWaitingForLock(string? holder)
        {
            lock (_holders)
            {
                _holders.Add(holder);
            }
        }
    }
}
