#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// Migrations sent together (MigrationRunnerOptions.StepsPerRoundTrip, PostgresSession.Deferred): each still in a
/// transaction of its own, so whatever fails, the database and what the runner reports are as if each had been sent
/// alone. Each scenario runs with the default and with each migration sent alone, and must come out the same.
/// </summary>
public class PostgresStepsPerRoundTripTests(PostgresFixture fixture)
{
    public static class ThirdFails
    {
        [Migration("0001_a")]
        public sealed class A : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id integer)");
        }

        [Migration("0002_b", Parent = "0001_a")]
        public sealed class B : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE b (id integer)");
        }

        [Migration("0003_c", Parent = "0002_b")]
        public sealed class C : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE c (id integer)");
                m.Sql("INSERT INTO no_such_table VALUES (1)");
            }
        }

        [Migration("0004_d", Parent = "0003_c")]
        public sealed class D : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE d (id integer)");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task AMigrationThatFails_AmongOthersSentWithIt_LeavesThoseBeforeItApplied_ItselfRolledBack_AndThoseAfterItUnrun(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var listener = new RecordingListener();
        var runner = db.Runner(typeof(ThirdFails), new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip, Listener = listener }, "together-fails");

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0003_c", error.Revision);
        Assert.Equal("INSERT INTO no_such_table VALUES (1)", error.Statement);
        Assert.Equal(new[] { "0001_a", "0002_b" }, db.Recorded());
        Assert.Equal(new[] { "a", "b" }, db.Tables().Where(t => t.Length == 1).Order());
        Assert.Equal(new[] { "start 0001_a", "done 0001_a", "start 0002_b", "done 0002_b", "start 0003_c", "failed 0003_c" }, listener.Events);
    }

    public static class GuardAfterKept
    {
        [Migration("0001_a")]
        public sealed class A : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id integer)");
        }

        // Its guard must see 0001_a's table; then its own work, and a failure that must undo only its own work.
        [Migration("0002_guarded", Parent = "0001_a")]
        public sealed class Guarded : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                if (!m.TableExists("a"))
                {
                    throw new InvalidOperationException("the guard did not see table a");
                }

                // Sent by the second guard, in a round trip of its own: only the step's transaction can undo it.
                m.Sql("CREATE TABLE b (id integer)");
                if (!m.TableExists("b"))
                {
                    throw new InvalidOperationException("the guard did not see table b");
                }

                m.Sql("INSERT INTO no_such_table VALUES (1)");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task AGuardInTheNextMigration_SeesTheMigrationsSentAheadOfIt_AndItsOwnFailureUndoesOnlyItsOwnWork(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(GuardAfterKept), new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip }, "together-guard");

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0002_guarded", error.Revision);
        Assert.Equal("INSERT INTO no_such_table VALUES (1)", error.Statement);
        Assert.Equal(new[] { "0001_a" }, db.Recorded());
        Assert.Contains("a", db.Tables());
        Assert.DoesNotContain("b", db.Tables());
    }

    public static class KeptFailsUnderACaughtGuard
    {
        [Migration("0001_a")]
        public sealed class A : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id integer)");
        }

        [Migration("0002_bad", Parent = "0001_a")]
        public sealed class Bad : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("INSERT INTO no_such_table VALUES (1)");
        }

        // The guard's query sends what waits ahead of it, and 0002_bad fails there; this migration swallows it.
        [Migration("0003_catches", Parent = "0002_bad")]
        public sealed class Catches : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                try
                {
                    _ = m.TableExists("a");
                }
#pragma warning disable CA1031 // the scenario: a migration that catches everything
                catch (Exception)
                {
                }
#pragma warning restore CA1031

                m.Sql("CREATE TABLE c (id integer)");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task AFailureOfAMigrationSentAhead_SurfacingInTheNextMigrationsGuard_IsThatMigrationsFailure_EvenWhenTheNextOneCatchesIt(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var listener = new RecordingListener();
        var runner = db.Runner(typeof(KeptFailsUnderACaughtGuard), new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip, Listener = listener }, "together-caught");

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0002_bad", error.Revision);
        Assert.Equal("INSERT INTO no_such_table VALUES (1)", error.Statement);
        Assert.Equal(new[] { "0001_a" }, db.Recorded());
        Assert.DoesNotContain("c", db.Tables());
        Assert.Equal(new[] { "start 0001_a", "done 0001_a", "start 0002_bad", "failed 0002_bad" }, listener.Events);
    }

    public static class TwoSleeps
    {
        [Migration("0001_sleep")]
        public sealed class First : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(0.4)");
        }

        [Migration("0002_sleep", Parent = "0001_sleep")]
        public sealed class Second : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(0.4)");
        }
    }

    /// <summary>Sent together, each migration's row still records its own time on the server, not the round trip's.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task MigrationsSentTogether_EachRecordItsOwnDuration(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(TwoSleeps), new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip }, "together-durations");

        var result = runner.UpgradeHead();

        foreach (var revision in new[] { "0001_sleep", "0002_sleep" })
        {
            var duration = Convert.ToInt64(db.Scalar($"SELECT duration_ms FROM migration_history WHERE revision = '{revision}'"));
            Assert.True(duration is >= 400 and < 750, $"{revision} recorded {duration} ms for 400 ms on the server");

            // What the caller and the listener are told is the step's own time, as the row says, not the round trip's
            // (sent together, the first would be told ~0 ms and the second both steps' 800 ms).
            var reported = result.Steps.Single(s => s.Revision == revision).Duration.TotalMilliseconds;
            Assert.True(Math.Abs(reported - duration) <= 50, $"{revision} reported {reported} ms, recorded {duration} ms");
        }
    }

    public static class Isolation
    {
        [Migration("0001_levels")]
        public sealed class Levels : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE levels (revision text, level text); INSERT INTO levels VALUES ('0001', current_setting('transaction_isolation'))");
        }

        [Migration("0002_level", Parent = "0001_levels")]
        public sealed class Second : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("INSERT INTO levels VALUES ('0002', current_setting('transaction_isolation'))");
        }

        [Migration("0003_level", Parent = "0002_level")]
        public sealed class Third : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("INSERT INTO levels VALUES ('0003', current_setting('transaction_isolation'))");
        }
    }

    /// <summary>
    /// A server whose default isolation is not the driver's: every migration runs at the level a transaction of its own
    /// gets from the driver (read committed), wherever it sits in a round trip, not at the server's default.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task EveryMigrationSentTogether_RunsAtTheIsolationLevelOfOneSentAlone(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var builder = new NpgsqlConnectionStringBuilder(db.ConnectionStringFor("together-isolation"));
        builder.Options = ((builder.Options ?? string.Empty) + " -c default_transaction_isolation=serializable").Trim();
        var runner = MigrationRunner.ForPostgresTypes(builder.ConnectionString, new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip }, typeof(Isolation).GetNestedTypes());

        runner.UpgradeHead();

        Assert.Equal(new[] { "0001 read committed", "0002 read committed", "0003 read committed" }, db.Strings("SELECT revision || ' ' || level FROM levels ORDER BY revision"));
    }

    public static class SecondSlow
    {
        [Migration("0001_quick")]
        public sealed class Quick : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE quick (id integer)");
        }

        [Migration("0002_slow", Parent = "0001_quick")]
        public sealed class Slow : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE slow (id integer); SELECT pg_sleep(30)");
        }
    }

    /// <summary>The server session ends while the second of two migrations sent together runs: the first stays, the second is named.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task SessionTerminatedInTheSecondOfTwoMigrationsSentTogether_KeepsTheFirst_AndNamesTheSecond(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var application = "together-terminated-" + stepsPerRoundTrip;
        var doomed = Task.Run(() => db.Runner(typeof(SecondSlow), new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip }, application).UpgradeHead());
        await PostgresLockTests.WaitUntil(() => db.Strings($"SELECT query FROM pg_stat_activity WHERE application_name = '{application}'").Any(q => q.Contains("pg_sleep", StringComparison.Ordinal)));
        Assert.True(db.Terminate(application) >= 1);

        var failure = await Assert.ThrowsAsync<MigrationFailedException>(() => doomed);
        Assert.Equal("0002_slow", failure.Revision);
        Assert.Equal(new[] { "0001_quick" }, db.Recorded());
        Assert.Contains("quick", db.Tables());
        Assert.DoesNotContain("slow", db.Tables());
    }

    public static class ThreeSlow
    {
        [Migration("0001_slow")]
        public sealed class First : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(1.2)");
        }

        [Migration("0002_slow", Parent = "0001_slow")]
        public sealed class Second : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(1.2)");
        }

        [Migration("0003_slow", Parent = "0002_slow")]
        public sealed class Third : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(1.2)");
        }
    }

    /// <summary>
    /// No migration times out sent together that would not alone: three migrations of 1.2 s under a 3 s command timeout
    /// all complete (the driver's own timeout counts for a whole round trip, and would stop the third).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task MigrationsSentTogether_EachHaveTheCommandTimeoutTheyWouldHaveAlone(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip, CommandTimeout = TimeSpan.FromSeconds(3) };

        var result = db.Runner(typeof(ThreeSlow), options, "together-timeouts").UpgradeHead();

        Assert.Equal(3, result.Steps.Count);
        Assert.Equal(new[] { "0001_slow", "0002_slow", "0003_slow" }, db.Recorded());
    }

    public static class SecondTooSlow
    {
        [Migration("0001_quick")]
        public sealed class Quick : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE quick (id integer)");
        }

        [Migration("0002_too_slow", Parent = "0001_quick")]
        public sealed class TooSlow : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE too_slow (id integer); SELECT pg_sleep(20)");
        }
    }

    /// <summary>
    /// A migration that runs on past its command timeout fails, named, after the one before it committed; sent together
    /// the round trip waits for the sum of both migrations' timeouts (4 s here) before it gives up.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task AMigrationPastItsCommandTimeout_AmongOthersSentWithIt_FailsAsItWouldAlone(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip, CommandTimeout = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(SecondTooSlow), options, "together-timed-out").UpgradeHead());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        Assert.Equal("0002_too_slow", error.Revision);
        Assert.Equal("CREATE TABLE too_slow (id integer); SELECT pg_sleep(20)".Split("; ")[1], error.Statement);
        Assert.Contains("The driver gave up waiting for it after its command timeout of 2 s", error.Message);
        Assert.Equal(new[] { "0001_quick" }, db.Recorded());
        Assert.DoesNotContain("too_slow", db.Tables());
    }

    public static class AlterBehindABlocker
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER)");
        }

        [Migration("0002_u", Parent = "0001_t")]
        public sealed class U : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE u (id INTEGER)");
        }

        [Migration("0003_alter", Parent = "0002_u")]
        public sealed class Alter : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE t ADD COLUMN x INTEGER");
        }
    }

    /// <summary>
    /// The lock check off, so nothing reads the catalog ahead of the ALTER and it travels with 0002_u. Its lock timeout
    /// is retried alone: 0002_u, committed before it, is not run again (its CREATE TABLE would fail).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task ALockTimeoutOfAMigrationSentWithOthers_RetriesItAlone_AfterThoseBeforeItCommitted(int stepsPerRoundTrip)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var listener = new RecordingListener();
        var options = new MigrationRunnerOptions
        {
            StepsPerRoundTrip = stepsPerRoundTrip, Listener = listener, LockPolicy = LockPolicy.Off,
            StatementLockTimeout = TimeSpan.FromMilliseconds(200), LockRetryDelay = TimeSpan.FromMilliseconds(100), LockTimeoutRetries = 50,
        };
        var runner = db.Runner(typeof(AlterBehindABlocker), options, "together-retry");
        runner.Upgrade("0001_t");
        listener.Events.Clear();
        await using var blocker = db.Open("together-blocker");
        var report = await blocker.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM t", blocker, report))
        {
            await read.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        var migration = Task.Run(() => runner.UpgradeHead(), TestContext.Current.CancellationToken);
        await Task.WhenAny(listener.Retried, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        await report.CommitAsync(TestContext.Current.CancellationToken);
        var result = await migration;

        Assert.Equal(new[] { "0002_u", "0003_alter" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0001_t", "0002_u", "0003_alter" }, db.Recorded());
        Assert.True(db.HasColumn("t", "x"));
        Assert.Equal(new[] { "start 0002_u", "done 0002_u", "start 0003_alter" }, listener.Events.Take(3));
        Assert.Contains("retry 0003_alter", listener.Events);
        Assert.Equal("done 0003_alter", listener.Events[^1]);
        Assert.DoesNotContain(listener.Events, e => e.StartsWith("failed", StringComparison.Ordinal));
    }

    private sealed class RecordingListener : MigrationListener
    {
        private readonly TaskCompletionSource _retried = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Events { get; } = new();

        public Task Retried => _retried.Task;

        public override void OnStepStarting(MigrationStep migrationStep) => Add($"start {migrationStep.Revision}");

        public override void OnStepCompleted(MigrationStep migrationStep) => Add($"done {migrationStep.Revision}");

        public override void OnStepFailed(MigrationStep migrationStep, Exception exception) => Add($"failed {migrationStep.Revision}");

        public override void OnLockTimeoutRetry(MigrationStep migrationStep, int attempt, int attempts, TimeSpan delay, string blockers)
        {
            Add($"retry {migrationStep.Revision}");
            _retried.TrySetResult();
        }

        private void Add(string e)
        {
            lock (Events)
            {
                Events.Add(e);
            }
        }
    }
}
