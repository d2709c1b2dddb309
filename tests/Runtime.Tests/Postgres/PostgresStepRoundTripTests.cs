using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// A transactional step in one round trip (PostgresSession.Steps): its statements are held and sent in one batch with
/// the step's SET LOCAL limits, its version row and the COMMIT. Each shortcut keeps what it replaced: a row that
/// cannot be written still commits nothing, a failing statement or COMMIT is named, the limits cover everything the
/// migration sends, its own commands included, and whatever looks at the database mid-step sees the statements so far.
/// </summary>
public class PostgresStepRoundTripTests(PostgresFixture fixture)
{
    public static class TwoStatementMigrations
    {
        [Migration("0001_a")]
        public sealed class A : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE a (id integer PRIMARY KEY, v text)");
                m.Sql("CREATE INDEX ix_a ON a (v)");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE a");
        }

        [Migration("0002_b", Parent = "0001_a")]
        public sealed class B : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE b (id integer PRIMARY KEY, v text)");
                m.Sql("CREATE INDEX ix_b ON b (v)");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE b");
        }

        [Migration("0003_c", Parent = "0002_b")]
        public sealed class C : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE c (id integer PRIMARY KEY, v text)");
                m.Sql("CREATE INDEX ix_c ON c (v)");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE c");
        }
    }

    [Fact]
    public async Task AMigrationOfTwoStatements_CostsOneRoundTrip_FewerThanTheSameStatementsSentByHandInATransaction()
    {
        // Applying one more migration in the same call costs exactly what that migration adds: the run's own
        // overhead (lock, version table read) is the same in both runs, with the default limits and lock policy.
        async Task<int> RoundTripsApplying(string target)
        {
            await using var db = await PostgresDatabase.CreateAsync(fixture);
            var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "step-trips-" + db.SchemaName };
            await using var counter = new RoundTripCounter(builder.Host!, builder.Port);
            builder.Port = counter.Port;
            var runner = MigrationRunner.ForPostgresTypes(builder.ConnectionString, new MigrationRunnerOptions(), typeof(TwoStatementMigrations).GetNestedTypes());
            runner.Upgrade("0001_a");
            counter.Reset();
            var result = runner.Upgrade(target);
            var trips = counter.RoundTrips;
            Assert.Equal(target == "0003_c" ? 2 : 1, result.Steps.Count);
            NpgsqlConnection.ClearPool(new NpgsqlConnection(builder.ConnectionString));
            return trips;
        }

        var one = await RoundTripsApplying("0002_b");
        var two = await RoundTripsApplying("0003_c");

        // By hand: BEGIN + the first statement, the second, COMMIT (three); the runner sends its limits, both
        // statements, the version row and the COMMIT in one batch.
        Assert.True(1 == two - one, $"one {one} two {two}");
    }

    public static class RowAlreadyThere
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id integer)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }

        // Someone records this revision as applied while it runs, without the migration lock (here: the migration
        // itself, on its own connection outside its transaction, as a second process would).
        [Migration("0002_raced", Parent = "0001_t")]
        public sealed class Raced : Migration
        {
            public static string? ConnectionString;

            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE raced_work (id integer)");
                Write("INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('0002_raced', '0001_t', 'applied', now(), 1)");
            }

            public override void Downgrade(MigrationBuilder m)
            {
                m.Sql("DROP TABLE raced_work");
                Write("DELETE FROM migration_history WHERE revision = '0002_raced'");
            }

            private static void Write(string sql)
            {
                using var connection = new NpgsqlConnection(ConnectionString);
                connection.Open();
                using var command = new NpgsqlCommand(sql, connection);
                command.ExecuteNonQuery();
            }
        }
    }

    [Fact]
    public async Task AVersionRowThatCannotBeWritten_FailsTheStep_AndItsCommitNeverRuns_UpgradeAndDowngrade()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        RowAlreadyThere.Raced.ConnectionString = db.ConnectionString;
        var runner = db.Runner(typeof(RowAlreadyThere));
        runner.Upgrade("0001_t");

        var upgrade = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0002_raced", upgrade.Revision);
        Assert.Contains("'0002_raced' is already recorded as applied", upgrade.Message);
        Assert.DoesNotContain("raced_work", db.Tables());

        // Now applied for real (the other writer's row removed first), then undone while the other writer deletes the row.
        db.Execute("DELETE FROM migration_history WHERE revision = '0002_raced'");
        db.Execute("CREATE TABLE raced_work (id integer)");
        db.Execute("INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('0002_raced', '0001_t', 'applied', now(), 1)");
        var fresh = db.Runner(typeof(RowAlreadyThere));

        var downgrade = Assert.Throws<MigrationFailedException>(() => fresh.Downgrade("0001_t"));

        Assert.Equal("0002_raced", downgrade.Revision);
        Assert.Contains("'0002_raced' is no longer recorded", downgrade.Message);
        Assert.Contains("raced_work", db.Tables());
        Assert.Equal(new[] { "0001_t" }, db.Recorded());
    }

    public static class FailingStatements
    {
        [Migration("0001_ok")]
        public sealed class Ok : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE ok_t (id integer)");
        }

        [Migration("0002_first_fails", Parent = "0001_ok")]
        public sealed class FirstFails : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE ok_t (id integer)");
                m.Sql("CREATE TABLE never_t (id integer)");
            }
        }
    }

    public static class SecondFails
    {
        [Migration("0001_ok")]
        public sealed class Ok : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE ok_t (id integer)");
        }

        [Migration("0002_second_fails", Parent = "0001_ok")]
        public sealed class Fails : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE half_t (id integer)");
                m.Sql("CREATE INDEX ix_half ON half_t (no_such_column)");
            }
        }
    }

    [Fact]
    public async Task AFailingFirstOrSecondStatement_IsNamed_AndLeavesNoVersionRowAndNoneOfItsWork()
    {
        await using var first = await PostgresDatabase.CreateAsync(fixture);
        var firstError = Assert.Throws<MigrationFailedException>(() => first.Runner(typeof(FailingStatements)).UpgradeHead());

        // The first statement travelled with the step's SET LOCAL: the failure is still the statement's.
        Assert.Equal("0002_first_fails", firstError.Revision);
        Assert.Equal("CREATE TABLE ok_t (id integer)", firstError.Statement);
        Assert.Contains("already exists", firstError.Message);
        Assert.Equal(new[] { "0001_ok" }, first.Recorded());
        Assert.DoesNotContain("never_t", first.Tables());

        await using var second = await PostgresDatabase.CreateAsync(fixture);
        var secondError = Assert.Throws<MigrationFailedException>(() => second.Runner(typeof(SecondFails)).UpgradeHead());

        Assert.Equal("0002_second_fails", secondError.Revision);
        Assert.Equal("CREATE INDEX ix_half ON half_t (no_such_column)", secondError.Statement);
        Assert.Contains("no_such_column", secondError.Message);
        Assert.Equal(new[] { "0001_ok" }, second.Recorded());
        Assert.DoesNotContain("half_t", second.Tables());
    }

    public static class FailsAtCommit
    {
        // A deferred constraint is checked at COMMIT, which now travels with the version row.
        [Migration("0001_deferred")]
        public sealed class Deferred : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE d (id integer, CONSTRAINT d_unique UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)");
                m.Sql("INSERT INTO d VALUES (1), (1)");
            }
        }
    }

    [Fact]
    public async Task ACommitThatFails_FailsTheMigration_NamingTheCommit_AndRecordsNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(FailsAtCommit)).UpgradeHead());

        Assert.Equal("0001_deferred", error.Revision);
        Assert.Equal("COMMIT", error.Statement);
        Assert.Contains("d_unique", error.Message);
        Assert.Empty(db.Recorded());
        Assert.DoesNotContain("d", db.Tables());
    }

    public static class ReadsItsLimits
    {
        public static readonly List<string> Seen = new();

        // No Sql call at all: the migration's own commands are the first thing the step sends.
        [Migration("0001_own_commands", LockTimeoutSeconds = 7, StatementTimeoutSeconds = 9)]
        public sealed class OwnCommands : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                using var command = m.CreateCommand("SELECT current_setting('lock_timeout') || ' ' || current_setting('statement_timeout')");
                Seen.Add((string)command.ExecuteScalar()!);
            }
        }

        // Through the transaction's connection, after a guard query.
        [Migration("0002_through_transaction", Parent = "0001_own_commands", LockTimeoutSeconds = 5)]
        public sealed class ThroughTransaction : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                using var command = m.Transaction!.Connection!.CreateCommand();
                command.Transaction = m.Transaction;
                command.CommandText = "SELECT current_setting('lock_timeout')";
                Seen.Add((string)command.ExecuteScalar()!);
            }
        }

        // Runs nothing: its limits travel with its version row, and the next step does not inherit them.
        [Migration("0003_nothing", Parent = "0002_through_transaction", LockTimeoutSeconds = 3)]
        public sealed class Nothing : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
            }
        }

        [Migration("0004_guard", Parent = "0003_nothing")]
        public sealed class Guard : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                Seen.Add(m.TableExists("nothing_here") ? "exists" : "absent");
                m.Sql("CREATE TABLE guarded (v text)");
                using var command = m.CreateCommand("SELECT current_setting('lock_timeout')");
                Seen.Add((string)command.ExecuteScalar()!);
            }
        }
    }

    [Fact]
    public async Task TheStepsLimits_CoverTheMigrationsOwnCommands_WhateverItSendsFirst()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        ReadsItsLimits.Seen.Clear();

        db.Runner(typeof(ReadsItsLimits)).UpgradeHead();

        // The last one runs under the runner-wide default (MigrationRunnerOptions.StatementLockTimeout, 2 s).
        Assert.Equal(new[] { "7s 9s", "5s", "absent", "2s" }, ReadsItsLimits.Seen);
        Assert.Equal(new[] { "0001_own_commands", "0002_through_transaction", "0003_nothing", "0004_guard" }, db.Recorded());
    }

    public static class HeldThenLooked
    {
        public static readonly List<string> Seen = new();

        // The guard query sends the held statements first: the second fails there, and the failure names it.
        [Migration("0001_guard_after_bad")]
        public sealed class GuardAfterBad : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE g (id integer)");
                m.Sql("CREATE INDEX ix_g ON g (no_such_column)");
                Seen.Add(m.TableExists("g") ? "g" : "no g");
            }
        }
    }

    [Fact]
    public async Task AHeldStatementThatFailsWhenAGuardQuerySendsIt_IsNamed_AndTheGuardNeverAnswers()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        HeldThenLooked.Seen.Clear();

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(HeldThenLooked)).UpgradeHead());

        Assert.Equal("0001_guard_after_bad", error.Revision);
        Assert.Equal("CREATE INDEX ix_g ON g (no_such_column)", error.Statement);
        Assert.Contains("no_such_column", error.Message);
        Assert.Empty(HeldThenLooked.Seen);
        Assert.Empty(db.Recorded());
        Assert.DoesNotContain("g", db.Tables());
    }

    public static class SeesItsOwnWork
    {
        public static readonly List<string> Seen = new();

        // Held statements, then the migration's own command (sees their rows), then more statements (run as given).
        [Migration("0001_data")]
        public sealed class Data : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE s (id integer)");
                m.Sql("INSERT INTO s VALUES (1), (2)");
                Seen.Add(m.TableExists("s") ? "s" : "no s");
                m.Sql("INSERT INTO s VALUES (3)");
                using var command = m.CreateCommand("SELECT count(*) FROM s");
                Seen.Add(command.ExecuteScalar()!.ToString()!);
                m.Sql("INSERT INTO s VALUES (4)");
                Seen.Add(command.ExecuteScalar()!.ToString()!);
            }
        }

        // A failure caught on purpose, behind a SAVEPOINT: the statement after it must fail where the migration runs it.
        [Migration("0002_savepoint", Parent = "0001_data")]
        public sealed class Savepoint : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE sp (id integer PRIMARY KEY)");
                m.Sql("SAVEPOINT before_insert");
                try
                {
                    m.Sql("INSERT INTO sp VALUES (1), (1)");
                    Seen.Add("inserted");
                }
                catch (MigrationFailedException e)
                {
                    Seen.Add("caught " + e.Statement);
                    m.Sql("ROLLBACK TO SAVEPOINT before_insert");
                }

                m.Sql("INSERT INTO sp VALUES (2)");
            }
        }

        // Held statements that take time: the version row's duration counts their time on the server.
        [Migration("0003_slow", Parent = "0002_savepoint")]
        public sealed class Slow : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("SELECT pg_sleep(0.3)");
                m.Sql("SELECT pg_sleep(0.2)");
            }
        }
    }

    [Fact]
    public async Task WhatLooksAtTheDatabaseMidStep_SeesTheHeldStatements_ACaughtFailureIsCaught_AndTheDurationCountsThem()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        SeesItsOwnWork.Seen.Clear();

        db.Runner(typeof(SeesItsOwnWork)).UpgradeHead();

        Assert.Equal(new[] { "s", "3", "4", "caught INSERT INTO sp VALUES (1), (1)" }, SeesItsOwnWork.Seen);
        Assert.Equal(4L, db.Scalar("SELECT count(*) FROM s"));
        Assert.Equal("2", db.Scalar("SELECT string_agg(id::text, ',') FROM sp"));
        Assert.Equal(new[] { "0001_data", "0002_savepoint", "0003_slow" }, db.Recorded());
        var duration = Convert.ToInt64(db.Scalar("SELECT duration_ms FROM migration_history WHERE revision = '0003_slow'"));
        Assert.True(duration >= 500, $"recorded {duration} ms for 0.5 s of pg_sleep");
    }

    public static class GrowsThenLocks
    {
        [Migration("0001_small")]
        public sealed class Small : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE grows (id integer)");
        }

        // The held INSERT makes the table large; the lock check's read for the ALTER must see it, so it sends it first.
        [Migration("0002_grow_then_rewrite", Parent = "0001_small")]
        public sealed class GrowThenRewrite : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("INSERT INTO grows SELECT g FROM generate_series(1, 100000) g");
                m.Sql("ALTER TABLE grows ALTER COLUMN id TYPE bigint");
            }
        }
    }

    [Fact]
    public async Task TheLockChecksCatalogRead_SeesWhatTheHeldStatementsDid()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { LockSizeThreshold = 1L << 20, LockPolicy = LockPolicy.Refuse }; // 100k rows: ~3.5 MB

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(GrowsThenLocks), options).UpgradeHead());

        Assert.Equal("0002_grow_then_rewrite", error.Revision);
        Assert.Contains("grows", error.Message);
        Assert.Contains("LockSizeThreshold", error.Message);
        Assert.Equal(new[] { "0001_small" }, db.Recorded());
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM grows"));
    }

    public static class ManyStatements
    {
        // Sent as one batch: the server's answers to the first statements (megabytes of them) must not stall the
        // driver while it is still sending the last ones.
        [Migration("0001_many")]
        public sealed class Many : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE many (id integer)");
                m.Sql(string.Concat(Enumerable.Range(1, 30000).Select(i => $"INSERT INTO many VALUES ({i}) RETURNING id, 'a somewhat longer answer to fill the socket';\n")));
            }
        }
    }

    [Fact]
    public async Task AMigrationOfThirtyThousandStatements_IsSentInOneBatch_WithoutStalling()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        db.Runner(typeof(ManyStatements)).UpgradeHead();

        Assert.Equal(30000L, db.Scalar("SELECT count(*) FROM many"));
        Assert.Equal(new[] { "0001_many" }, db.Recorded());
    }
}
