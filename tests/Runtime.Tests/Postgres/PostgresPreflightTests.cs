#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// The preflight on tables of known sizes (0, 10k, 1M rows): per statement the table, lock mode, rewrite/scan, rows,
/// size and blockers, and the lock policy judging them against thresholds either side of each size.
/// </summary>
public class PostgresPreflightTests(PostgresFixture fixture)
{
    public static class ThreeSizes
    {
        [Migration("0001_tables")]
        public sealed class Tables : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("""
                CREATE TABLE empty_t (id INTEGER);
                CREATE TABLE small_t (id INTEGER); INSERT INTO small_t SELECT generate_series(1, 10000);
                CREATE TABLE big_t (id INTEGER); INSERT INTO big_t SELECT generate_series(1, 1000000);
                ANALYZE empty_t; ANALYZE small_t; ANALYZE big_t
                """);
        }

        [Migration("0002_changes", Parent = "0001_tables")]
        public sealed class Changes : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("""
                ALTER TABLE empty_t ADD COLUMN note TEXT;
                ALTER TABLE small_t ADD COLUMN note TEXT;
                ALTER TABLE big_t ALTER COLUMN id TYPE BIGINT;
                CREATE TABLE fresh_t (id INTEGER)
                """);
        }
    }

    public static class Acknowledged
    {
        [Migration("0001_tables")]
        public sealed class Tables : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE small_t (id INTEGER); INSERT INTO small_t SELECT generate_series(1, 10000)");
        }

        [Migration("0002_changes", Parent = "0001_tables")]
        [AcknowledgeLock("small_t is only read by the nightly export")]
        public sealed class Changes : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE small_t ADD COLUMN note TEXT");
        }
    }

    public static class CountsItsRuns
    {
        public static int Upgrades;

        [Migration("0001_counted")]
        public sealed class Counted : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                // Stands for a data migration's side effect outside the database (an HTTP call, a file written).
                Interlocked.Increment(ref Upgrades);
                m.Sql("CREATE TABLE counted_t (id INTEGER)");
            }
        }
    }

    [Fact]
    public async Task ByDefault_ThePolicyWarns_AndAMigrationsUpgradeRunsOnce_UnderEveryPolicy()
    {
        Assert.Equal(LockPolicy.Warn, new MigrationRunnerOptions().LockPolicy);
        foreach (var policy in new[] { (LockPolicy?)null, LockPolicy.Warn, LockPolicy.Refuse })
        {
            await using var db = await PostgresDatabase.CreateAsync(fixture);
            Interlocked.Exchange(ref CountsItsRuns.Upgrades, 0);
            var options = policy is { } p ? new MigrationRunnerOptions { LockPolicy = p } : new MigrationRunnerOptions();
            db.Runner(typeof(CountsItsRuns), options, "preflight-runner").UpgradeHead();
            Assert.Equal(1, CountsItsRuns.Upgrades);
        }
    }

    [Fact]
    public async Task DefaultPolicy_WarnsOnceThroughTheListener_JustBeforeTheStatement_AndRunsIt()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var warnings = new List<string>();
        var runner = db.Runner(typeof(ThreeSizes), new MigrationRunnerOptions { LockSizeThreshold = 1L << 20, Listener = new Warnings(warnings) }, "preflight-runner");
        runner.Upgrade("0001_tables");

        runner.UpgradeHead();

        var warning = Assert.Single(warnings);
        Assert.Contains("'0002_changes' takes AccessExclusiveLock and rewrites on big_t (", warning);
        Assert.Contains("ALTER TABLE big_t ALTER COLUMN id TYPE BIGINT", warning);
        Assert.Equal(new[] { "0001_tables", "0002_changes" }, db.Recorded());
        Assert.Equal("bigint", db.Scalar("SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'big_t'::regclass AND attname = 'id'"));
    }

    public static class FiveTables
    {
        [Migration("0001_tables")]
        public sealed class Tables : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                for (var i = 1; i <= 5; i++)
                {
                    m.Sql($"CREATE TABLE t{i} (id INTEGER); INSERT INTO t{i} SELECT generate_series(1, 1000)");
                }
            }
        }

        [Migration("0002_changes", Parent = "0001_tables")]
        public sealed class Changes : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql(
                "ALTER TABLE t1 ADD COLUMN a INTEGER; ALTER TABLE t2 ADD COLUMN a INTEGER; CREATE INDEX ix_t3 ON t3 (id); " +
                "ALTER TABLE t4 ALTER COLUMN id SET NOT NULL; ALTER TABLE t5 ADD COLUMN a INTEGER; CREATE TABLE t6 (id INTEGER); ALTER TABLE t6 ADD COLUMN a INTEGER");
        }
    }

    [Theory]
    [InlineData(LockPolicy.Warn)]
    [InlineData(LockPolicy.Refuse)]
    public async Task LiveCheck_OfAMigrationTouchingFiveTablesInOneSqlCall_CostsOneRoundTrip(LockPolicy policy)
    {
        // Each migration sent alone (StepsPerRoundTrip = 1): a step whose catalog read went first is sent alone anyway,
        // and the comparison is of the read alone.
        async Task<int> RoundTripsOfTheSecondMigration(LockPolicy policy)
        {
            await using var db = await PostgresDatabase.CreateAsync(fixture);
            var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "preflight-trips-" + db.SchemaName };
            await using var counter = new RoundTripCounter(builder.Host!, builder.Port);
            builder.Port = counter.Port;
            var runner = MigrationRunner.ForPostgresTypes(builder.ConnectionString, new MigrationRunnerOptions { LockPolicy = policy, StepsPerRoundTrip = 1 }, typeof(FiveTables).GetNestedTypes());
            runner.Upgrade("0001_tables");
            counter.Reset();
            runner.UpgradeHead();
            var trips = counter.RoundTrips;
            using var pooled = new NpgsqlConnection(builder.ConnectionString);
            NpgsqlConnection.ClearPool(pooled);
            return trips;
        }

        var off = await RoundTripsOfTheSecondMigration(LockPolicy.Off);
        var on = await RoundTripsOfTheSecondMigration(policy);

        Assert.Equal(off + 1, on);
    }

    public sealed class CreateThenIndex
    {
        [Migration("0001_tables")]
        public sealed class Tables : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE old_t (id INTEGER); INSERT INTO old_t SELECT generate_series(1, 1000)");
        }

        // The common migration: a table and its index in one Sql call; the table is new whatever the catalog says.
        [Migration("0002_new_table", Parent = "0001_tables")]
        public sealed class NewTable : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE new_t (id INTEGER, v TEXT); CREATE INDEX ix_new_t ON new_t (v)");
        }

        // The near miss: IF NOT EXISTS on a table that exists creates nothing, so the index locks the old table.
        [Migration("0003_maybe_new", Parent = "0002_new_table")]
        public sealed class MaybeNew : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE IF NOT EXISTS old_t (id INTEGER); CREATE INDEX ix_old_t ON old_t (id)");
        }
    }

    [Fact]
    public async Task LiveCheck_OfATableCreatedAndIndexedInOneSqlCall_ReadsNothing_ButIfNotExistsIsRead()
    {
        async Task<(int NewTable, int MaybeNew)> RoundTrips(LockPolicy policy)
        {
            await using var db = await PostgresDatabase.CreateAsync(fixture);
            var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "preflight-new-" + db.SchemaName };
            await using var counter = new RoundTripCounter(builder.Host!, builder.Port);
            builder.Port = counter.Port;
            var runner = MigrationRunner.ForPostgresTypes(builder.ConnectionString, new MigrationRunnerOptions { LockPolicy = policy, StepsPerRoundTrip = 1 }, typeof(CreateThenIndex).GetNestedTypes());
            runner.Upgrade("0001_tables");
            counter.Reset();
            runner.Upgrade("0002_new_table");
            var newTable = counter.RoundTrips;
            counter.Reset();
            runner.UpgradeHead();
            var maybeNew = counter.RoundTrips;
            using var pooled = new NpgsqlConnection(builder.ConnectionString);
            NpgsqlConnection.ClearPool(pooled);
            return (newTable, maybeNew);
        }

        var off = await RoundTrips(LockPolicy.Off);
        var on = await RoundTrips(LockPolicy.Warn);

        Assert.Equal(off.NewTable, on.NewTable);
        Assert.Equal(off.MaybeNew + 1, on.MaybeNew);
    }

    [Fact]
    public async Task Plan_ShowsLockModeRewriteRowsSizeAndBlockers_PerStatement_AndJudgesThemAgainstTheThreshold()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { LockSizeThreshold = 1L << 20 }; // between 10k rows (~400 kB) and 1M rows (~35 MB)
        var runner = db.Runner(typeof(ThreeSizes), options, "preflight-runner");
        runner.Upgrade("0001_tables");
        await using var blocker = db.Open("report");
        await using var report = await blocker.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM small_t", blocker, report))
        {
            await read.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        var plan = await runner.PlanAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new[] { "empty_t", "small_t", "big_t", "fresh_t" }, plan.Select(p => p.Relation));
        var (empty, small, big, fresh) = (plan[0], plan[1], plan[2], plan[3]);
        Assert.Equal(("AccessExclusiveLock", "none", 0L, LockVerdict.Allowed), (empty.LockMode, empty.Work, empty.EstimatedRows, empty.Verdict));
        Assert.Equal(("AccessExclusiveLock", "none", 10000L, LockVerdict.Allowed), (small.LockMode, small.Work, small.EstimatedRows, small.Verdict));
        Assert.InRange(small.TotalBytes!.Value, 100_000, 1L << 20);
        Assert.Contains(small.Blockers, b => b.Contains($"pid {blocker.ProcessID} (application_name 'report'", StringComparison.Ordinal) && b.Contains("AccessShareLock", StringComparison.Ordinal));
        Assert.Empty(empty.Blockers);
        Assert.Equal(("AccessExclusiveLock", "rewrite", 1000000L, LockVerdict.Warned), (big.LockMode, big.Work, big.EstimatedRows, big.Verdict));
        Assert.True(big.TotalBytes > 1L << 20);
        Assert.Contains("'0002_changes' takes AccessExclusiveLock and rewrites on big_t", big.Reason);
        Assert.Contains("[AcknowledgeLock(", big.Reason);
        Assert.Equal(("none", null, null), (fresh.LockMode, fresh.EstimatedRows, fresh.TotalBytes));
        await report.RollbackAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RefusePolicy_StopsTheMigrationBeforeTheStatementRuns_RollsBackItsEarlierStatements_NamingTheStatementTableAndSize()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(ThreeSizes), new MigrationRunnerOptions { LockSizeThreshold = 1L << 20, LockPolicy = LockPolicy.Refuse }, "preflight-runner");
        runner.Upgrade("0001_tables");

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0002_changes", error.Revision);
        Assert.Contains("on big_t (", error.Message);
        Assert.Contains("MB, above MigrationRunnerOptions.LockSizeThreshold 1 MB", error.Message);
        Assert.Contains("ALTER TABLE big_t ALTER COLUMN id TYPE BIGINT", error.Message);
        Assert.Contains("docs/postgres.md", error.Message);
        Assert.Contains("before that statement ran", error.Message);
        Assert.DoesNotContain("The database said", error.Message);
        Assert.Equal(new[] { "0001_tables" }, db.Recorded());
        Assert.False(db.HasColumn("small_t", "note")); // ran before the refused statement, rolled back with it
        Assert.Equal("integer", db.Scalar("SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'big_t'::regclass AND attname = 'id'"));
    }

    public static class NonTransactional
    {
        [Migration("0001_tables")]
        public sealed class Tables : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE small_t (id INTEGER); INSERT INTO small_t SELECT generate_series(1, 10000)");
        }

        [Migration("0002_outside", Parent = "0001_tables", Transactional = false)]
        public sealed class Outside : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("""
                CREATE INDEX CONCURRENTLY ix_small_id ON small_t (id);
                ALTER TABLE small_t ADD COLUMN note TEXT
                """);
        }
    }

    [Fact]
    public async Task RefusePolicy_InANonTransactionalMigration_RefusesBeforeTheStatement_WhatRanBeforeItStays_MarkedInterrupted()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(NonTransactional), new MigrationRunnerOptions { LockSizeThreshold = 50_000, LockPolicy = LockPolicy.Refuse }, "preflight-runner");
        runner.Upgrade("0001_tables");

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        // Each statement of a non-transactional migration commits on its own: had the ALTER run, the column would be there.
        Assert.False(db.HasColumn("small_t", "note"));
        Assert.Contains("ALTER TABLE small_t ADD COLUMN note TEXT", error.Message);
        Assert.Contains("not transactional", error.Message);
        Assert.Equal(true, db.Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_small_id'::regclass"));
        var interrupted = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());
        Assert.Equal(DatabaseStateProblem.Interrupted, interrupted.Problem);
    }

    [Fact]
    public async Task PlanForATarget_ShowsOnlyTheMigrationsThatUpgradeWouldApply()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(ThreeSizes), new MigrationRunnerOptions(), "preflight-runner");

        var first = runner.Plan("0001_tables");
        var all = await runner.PlanAsync("heads", TestContext.Current.CancellationToken);

        Assert.Equal(new[] { "0001_tables" }, first.Select(p => p.Revision).Distinct());
        Assert.Equal(new[] { "0001_tables", "0002_changes" }, all.Select(p => p.Revision).Distinct());
        Assert.Equal(all.Select(p => p.Statement), runner.Plan().Select(p => p.Statement));
        Assert.Throws<MigrationTargetException>(() => runner.Plan("no_such_revision"));
        Assert.Empty(db.Tables().Where(t => t.EndsWith("_t", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ThresholdAboveTheBiggestTable_LetsEverythingThrough_AndBelowTheSmallOne_WarnsAboutBoth()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(ThreeSizes), new MigrationRunnerOptions { LockSizeThreshold = 1L << 30, LockPolicy = LockPolicy.Refuse }, "preflight-runner");
        runner.Upgrade("0001_tables");
        var strict = db.Runner(typeof(ThreeSizes), new MigrationRunnerOptions { LockSizeThreshold = 50_000 }, "preflight-runner");

        var relaxed = runner.Plan();
        var warned = strict.Plan();

        Assert.All(relaxed, p => Assert.Equal(LockVerdict.Allowed, p.Verdict));
        Assert.Equal(new[] { LockVerdict.Allowed, LockVerdict.Warned, LockVerdict.Warned, LockVerdict.Allowed }, warned.Select(p => p.Verdict));
        Assert.Equal(new[] { "0002_changes" }, runner.UpgradeHead().Steps.Select(s => s.Revision));
    }

    [Fact]
    public async Task AcknowledgedMigration_RunsUnderTheRefusePolicy_AndThePlanShowsWhy()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(Acknowledged), new MigrationRunnerOptions { LockSizeThreshold = 50_000, LockPolicy = LockPolicy.Refuse }, "preflight-runner");
        runner.Upgrade("0001_tables");

        var plan = Assert.Single(runner.Plan());

        Assert.Equal(LockVerdict.Acknowledged, plan.Verdict);
        Assert.Equal("small_t is only read by the nightly export", plan.Reason);
        Assert.Equal(new[] { "0002_changes" }, runner.UpgradeHead().Steps.Select(s => s.Revision));
        Assert.Empty(runner.Plan());
    }

    private sealed class Warnings(List<string> warnings) : MigrationListener
    {
        public override void OnWarning(string message)
        {
            lock (warnings)
            {
                warnings.Add(message);
            }
        }
    }
}
