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
