using System.Diagnostics;
using System.Globalization;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// Real application processes (tests/RunnerApp) against one database: many starting at once, and runners killed
/// with SIGKILL or cut off with pg_terminate_backend at many points. RunnerApp's race chain has thirty migrations;
/// each creates t_NNN and logs itself in <c>executions</c> in its own transaction, then sleeps there (pg_sleep).
/// </summary>
public class PostgresProcessTests(PostgresFixture fixture)
{
    private const int ChainLength = 30;

    private static string App => TestEnvironment.BuiltOutput("tests/RunnerApp", "MigrationChain.Tests.RunnerApp.dll");

    [Fact]
    public async Task TwentyProcessesStartingAtOnceOnAFreshDatabase_RunEachMigrationExactlyOnce_AndAllSucceed()
    {
        await using var db = await PostgresDatabase.CreateDedicatedAsync(fixture, "race");
        var environment = new Dictionary<string, string?> { ["RUNNERAPP_SLEEP_MS"] = "15" };
        var connectionString = db.ConnectionStringFor("race-runner");

        var runs = Enumerable.Range(0, 20)
            .Select(_ => ProcessRunner.RunAsync("dotnet", new[] { App, "postgres", connectionString, "upgrade" }, environment: environment, timeout: TimeSpan.FromMinutes(3), cancellationToken: TestContext.Current.CancellationToken))
            .ToList();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(ChainLength, results.Sum(r => int.Parse(r.Output.Trim().Split(' ')[1], CultureInfo.InvariantCulture)));
        Assert.Equal((long)ChainLength, db.Scalar("SELECT count(*) FROM executions"));
        Assert.Equal((long)ChainLength, db.Scalar("SELECT count(DISTINCT revision) FROM executions"));
        AssertConsistent(db, expectAtHead: true);
    }

    [Fact]
    public async Task RunnerKilledAtManyPoints_AlwaysLeavesAConsistentRevision_AndTheNextRunFinishesTheJob()
    {
        await using var db = await PostgresDatabase.CreateDedicatedAsync(fixture, "kill");
        var environment = new Dictionary<string, string?> { ["RUNNERAPP_SLEEP_MS"] = "30" };
        // Every third run sleeps long inside each migration and is killed only once a migration's transaction is
        // seen running on the server, so kills inside a transaction do not depend on timing luck under load.
        var slowEnvironment = new Dictionary<string, string?> { ["RUNNERAPP_SLEEP_MS"] = "400" };
        var connectionString = db.ConnectionStringFor("killed-runner");
        var killedInsideATransaction = 0;
        var killedAfterProgress = 0;
        var completedChains = 0;

        // Kill points spread over a run: a few during start-up, the rest measured from the runner's first session
        // (start-up time varies with load) through reading, locking, mid-migration and committing.
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var before = db.Tables().Contains("migration_history") ? db.Recorded().Count : 0;
            var waitsForATransaction = attempt % 3 == 1;
            using (var process = ProcessRunner.Start("dotnet", new[] { App, "postgres", connectionString, "upgrade" }, environment: waitsForATransaction ? slowEnvironment : environment))
            {
                if (attempt % 6 == 0)
                {
                    await Task.Delay(80, TestContext.Current.CancellationToken);
                }
                else if (waitsForATransaction)
                {
                    await WaitForAMigrationTransaction(db, "killed-runner", process);
                }
                else
                {
                    await WaitForSessions(db, "killed-runner", process);
                    await Task.Delay(attempt * 53 % 900, TestContext.Current.CancellationToken);
                }

                // A migration transaction open on the server at the moment of the kill: the case transactions must save.
                var open = (long)db.Scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'killed-runner' AND xact_start IS NOT NULL")!;
                if (!process.HasExited)
                {
                    process.Kill();
                    killedInsideATransaction += open > 0 ? 1 : 0;
                }

                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            // A step's batch (statements, row, COMMIT) was sent whole: the server may still be running it for the dead
            // client. Its backend ends when it next reads from the closed connection, so the state settles only then.
            await PostgresLockTests.WaitUntil(() => (long)db.Scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'killed-runner'")! == 0);
            var after = AssertConsistent(db, expectAtHead: false);
            if (after > before && after < ChainLength)
            {
                killedAfterProgress++;
            }

            if (after == ChainLength)
            {
                completedChains++;
                Reset(db);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kills with a migration transaction open: {killedInsideATransaction}; after some migrations committed: {killedAfterProgress}; chains completed between kills: {completedChains}");
        var final = await ProcessRunner.RunAsync("dotnet", new[] { App, "postgres", connectionString, "upgrade" }, environment: environment, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(final.ExitCode == 0, final.ToString());
        AssertConsistent(db, expectAtHead: true);
        Assert.True(killedInsideATransaction >= 8, $"only {killedInsideATransaction} kills landed while a migration transaction was open");
    }

    [Fact]
    public async Task RunnerWhoseSessionsAreTerminated_AtManyPoints_LeavesAConsistentRevision()
    {
        await using var db = await PostgresDatabase.CreateDedicatedAsync(fixture, "terminate");
        var environment = new Dictionary<string, string?> { ["RUNNERAPP_SLEEP_MS"] = "40" };
        var connectionString = db.ConnectionStringFor("terminated-runner");
        var failures = 0;

        for (var attempt = 0; attempt < 8; attempt++)
        {
            var run = ProcessRunner.RunAsync("dotnet", new[] { App, "postgres", connectionString, "upgrade" }, environment: environment, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
            await WaitForSessions(db, "terminated-runner", () => run.IsCompleted);
            await Task.Delay(40 + (attempt * 61 % 300), TestContext.Current.CancellationToken);
            db.Terminate("terminated-runner");
            var result = await run;
            failures += result.ExitCode == 0 ? 0 : 1;

            if (AssertConsistent(db, expectAtHead: false) == ChainLength)
            {
                Reset(db);
            }
        }

        Assert.True(failures >= 4, $"only {failures} of 8 runs were cut off");
        var final = await ProcessRunner.RunAsync("dotnet", new[] { App, "postgres", connectionString, "upgrade" }, environment: environment, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(final.ExitCode == 0, final.ToString());
        AssertConsistent(db, expectAtHead: true);
    }

    [Fact]
    public async Task RunnerKilledInsideANonTransactionalMigration_TheNextRunRefuses_NamingTheRevisionAndBothWaysOut()
    {
        await using var db = await PostgresDatabase.CreateDedicatedAsync(fixture, "nontx");
        var environment = new Dictionary<string, string?> { ["RUNNERAPP_NONTX_SLEEP_MS"] = "4000" };
        var connectionString = db.ConnectionStringFor("nontx-runner");

        using (var process = ProcessRunner.Start("dotnet", new[] { App, "postgres", connectionString, "upgrade", "nontx@head" }, environment: environment))
        {
            await PostgresLockTests.WaitUntil(() => db.Tables().Contains("migration_history") && db.Strings("SELECT state FROM migration_history").Contains("running"));
            process.Kill();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        // The dead runner's lock goes with its idle lock session; its statement session may still be sleeping.
        await PostgresLockTests.WaitUntil(() => (long)db.Scalar("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND a.application_name = 'nontx-runner'")! == 0);
        var next = await ProcessRunner.RunAsync("dotnet", new[] { App, "postgres", connectionString, "upgrade", "nontx@head" }, environment: environment, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, next.ExitCode);
        Assert.Contains("'n001_concurrent_index' is a non-transactional migration that started at", next.Error);
        Assert.Contains("RetryInterrupted = true", next.Error);
        Assert.Contains("Stamp(\"n001_concurrent_index\")", next.Error);
        Assert.Contains("Stamp(\"base\")", next.Error);
        Assert.Equal(new[] { "running" }, db.Strings("SELECT state FROM migration_history WHERE revision = 'n001_concurrent_index'"));
    }

    /// <summary>
    /// Checks that the recorded revisions are a prefix of the chain, every recorded revision's table and log row
    /// exist exactly once, and nothing of an unrecorded revision does. Returns how many are recorded.
    /// </summary>
    private static int AssertConsistent(PostgresDatabase db, bool expectAtHead)
    {
        var tables = db.Tables();
        var created = tables.Where(t => t.StartsWith("t_", StringComparison.Ordinal)).Select(t => "r" + t[2..]).ToList();
        if (!tables.Contains("migration_history"))
        {
            Assert.Empty(created);
            Assert.DoesNotContain("executions", tables);
            Assert.False(expectAtHead, "the version table is missing");
            return 0;
        }

        Assert.Empty(db.Strings("SELECT revision FROM migration_history WHERE state <> 'applied'"));
        var recorded = db.Recorded();
        Assert.Equal(Enumerable.Range(1, recorded.Count).Select(i => $"r{i:D3}"), recorded);
        Assert.Equal(recorded, created);
        if (recorded.Count > 0)
        {
            Assert.Equal(recorded, db.Strings("SELECT revision FROM executions ORDER BY revision"));
        }
        else
        {
            Assert.DoesNotContain("executions", tables);
        }

        if (expectAtHead)
        {
            Assert.Equal(ChainLength, recorded.Count);
        }

        return recorded.Count;
    }

    private static void Reset(PostgresDatabase db) => db.Execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");

    /// <summary>Waits until a migration of the runner is sleeping inside its open transaction (or the runner ended).</summary>
    private static async Task WaitForAMigrationTransaction(PostgresDatabase db, string applicationName, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && (long)db.Scalar(
                   $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{applicationName}' AND xact_start IS NOT NULL AND state = 'active' AND query LIKE '%pg_sleep%'")! == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no migration transaction of the runner was ever seen running");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private static Task WaitForSessions(PostgresDatabase db, string applicationName, Process process) =>
        WaitForSessions(db, applicationName, () => process.HasExited);

    private static async Task WaitForSessions(PostgresDatabase db, string applicationName, Func<bool> ended)
    {
        var clock = Stopwatch.StartNew();
        while (db.Sessions(applicationName).Count == 0 && !ended())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the runner never connected");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
