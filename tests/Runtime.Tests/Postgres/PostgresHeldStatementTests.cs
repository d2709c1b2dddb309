using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// The statements a step holds (PostgresSession.Steps) until its version row and COMMIT: whatever looks at the
/// database mid-step (a guard query, the migration's own command, the lock check's catalog read) sends them first and
/// sees their work; a held statement that fails there is named; a migration that catches failures behind a SAVEPOINT
/// still catches them; the row's duration counts their time; a very large batch does not stall.
/// </summary>
public class PostgresHeldStatementTests(PostgresFixture fixture)
{
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
