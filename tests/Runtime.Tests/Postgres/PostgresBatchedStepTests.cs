using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// What the batched step (PostgresSession.Steps) does beyond a transaction per migration: in one-transaction mode a
/// migration's statements travel with its version row in one round trip, and still fail as themselves, rolling back
/// the whole run; under a synchronous <c>UpgradeHead()</c> each step's batch is sent by the thread that waits for it,
/// with no hop through the thread pool per migration.
/// </summary>
public class PostgresBatchedStepTests(PostgresFixture fixture)
{
    private static readonly MigrationRunnerOptions OneTransaction = new() { TransactionMode = MigrationTransactionMode.OneTransaction };

    [Fact]
    public async Task OneTransaction_AMigrationOfTwoStatements_CostsOneRoundTrip_WithItsVersionRow()
    {
        async Task<int> RoundTripsApplying(string target)
        {
            await using var db = await PostgresDatabase.CreateAsync(fixture);
            var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "one-tx-trips-" + db.SchemaName };
            await using var counter = new RoundTripCounter(builder.Host!, builder.Port);
            builder.Port = counter.Port;
            var runner = MigrationRunner.ForPostgresTypes(builder.ConnectionString, OneTransaction, typeof(PostgresStepRoundTripTests.TwoStatementMigrations).GetNestedTypes());
            runner.Upgrade("0001_a");
            counter.Reset();
            var result = runner.Upgrade(target);
            var trips = counter.RoundTrips;
            Assert.Equal(target == "0003_c" ? 2 : 1, result.Steps.Count);
            Assert.Equal(target == "0003_c" ? new[] { "0001_a", "0002_b", "0003_c" } : new[] { "0001_a", "0002_b" }, db.Recorded());
            NpgsqlConnection.ClearPool(new NpgsqlConnection(builder.ConnectionString));
            return trips;
        }

        var one = await RoundTripsApplying("0002_b");
        var two = await RoundTripsApplying("0003_c");

        // Statement by statement, then the row: three round trips; batched, one (the run's COMMIT is paid once).
        Assert.True(1 == two - one, $"one {one} two {two}");
    }

    [Fact]
    public async Task OneTransaction_ASecondStatementThatFails_IsNamed_AndNothingOfTheRunStays()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(PostgresStepRoundTripTests.SecondFails), OneTransaction).UpgradeHead());

        Assert.Equal("0002_second_fails", error.Revision);
        Assert.Equal("CREATE INDEX ix_half ON half_t (no_such_column)", error.Statement);
        Assert.Contains("no_such_column", error.Message);
        Assert.Contains("all of it was rolled back", error.Message);
        Assert.Empty(db.Recorded());
        Assert.DoesNotContain("ok_t", db.Tables());
        Assert.DoesNotContain("half_t", db.Tables());
    }

    [Fact]
    public async Task OneTransaction_ARowThatAppearedMeanwhile_FailsTheRun_AndNothingOfItStays()
    {
        // The run's first row is the raced one: once a one-transaction run has written a row, the state trigger's row
        // lock keeps every other writer of the version table waiting until the run ends.
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        PostgresStepRoundTripTests.RowAlreadyThere.Raced.ConnectionString = db.ConnectionString;
        db.Runner(typeof(PostgresStepRoundTripTests.RowAlreadyThere)).Upgrade("0001_t");

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(PostgresStepRoundTripTests.RowAlreadyThere), OneTransaction).UpgradeHead());

        Assert.Equal("0002_raced", error.Revision);
        Assert.Contains("'0002_raced' is already recorded as applied", error.Message);
        Assert.DoesNotContain("raced_work", db.Tables());

        // The other writer's row, beside the one recorded before the run.
        Assert.Equal(new[] { "0001_t", "0002_raced" }, db.Recorded());
    }
}
