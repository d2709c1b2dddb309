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

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task AMigrationOfTwoStatements_CostsOneRoundTrip_AndMigrationsSentTogether_NoneMore(int stepsPerRoundTrip)
    {
        // Applying one more migration in the same call costs exactly what that migration adds: the run's own
        // overhead (lock, version table read) is the same in both runs, with the default limits and lock policy.
        async Task<int> RoundTripsApplying(string target)
        {
            await using var db = await PostgresDatabase.CreateAsync(fixture);
            var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "step-trips-" + db.SchemaName };
            await using var counter = new RoundTripCounter(builder.Host!, builder.Port);
            builder.Port = counter.Port;
            var runner = MigrationRunner.ForPostgresTypes(
                builder.ConnectionString, new MigrationRunnerOptions { StepsPerRoundTrip = stepsPerRoundTrip }, typeof(TwoStatementMigrations).GetNestedTypes());
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
        // statements, the version row and the COMMIT in one batch. Sent together, the second migration travels in the
        // first one's round trip.
        Assert.True((stepsPerRoundTrip == 1 ? 1 : 0) == two - one, $"one {one} two {two}");
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
}
