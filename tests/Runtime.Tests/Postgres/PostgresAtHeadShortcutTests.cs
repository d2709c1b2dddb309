using MigrationChain.Postgres;
using MigrationChain.Testing.Support;
using Npgsql;
using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// <c>UpgradeHead()</c> on PostgreSQL asks the engine's own first question (through Npgsql's synchronous API for a
/// synchronous caller, its asynchronous one for <c>UpgradeHeadAsync()</c>) without building the engine: at head it
/// answers as the engine does; in any other state the engine takes over the session with what it read, so the run
/// costs no round trip more than the engine alone.
/// </summary>
public class PostgresAtHeadShortcutTests(PostgresFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AtHead_SyncAndAsync_AnswerWithoutTheEngine_AsTheEngineDoes()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Runner(typeof(Migrations)).UpgradeHead();

        var sync = db.Runner(typeof(Migrations));
        var syncResult = sync.UpgradeHead();
        var async = db.Runner(typeof(Migrations));
        var asyncResult = await async.UpgradeHeadAsync(Token);
        var dryRun = db.Runner(typeof(Migrations)).UpgradeHead(new RunOptions { DryRun = true });

        var engine = db.Runner(typeof(Migrations));
        var engineResult = engine.Upgrade("heads");

        Assert.False(sync.HasEngine);
        Assert.False(async.HasEngine);
        Assert.True(engine.HasEngine);
        Assert.Equal(engineResult.Target, syncResult.Target);
        Assert.Equal(engineResult.Current, syncResult.Current);
        Assert.True(syncResult.WasUpToDate);
        Assert.True(dryRun.DryRun && dryRun.WasUpToDate);
        Assert.Equal(asyncResult.Target, syncResult.Target);
        Assert.Equal(asyncResult.Current, syncResult.Current);
        Assert.Equal(new[] { OrdersRevision }, syncResult.Current);
        Assert.Empty(syncResult.Drift);
    }

    [Theory]
    [InlineData("edited", $"UPDATE migration_history SET checksum = '00000000000000000000000000000000' WHERE revision = '{AuditRevision}'")]
    [InlineData("interrupted", $"UPDATE migration_history SET state = 'running' WHERE revision = '{OrdersRevision}'")]
    [InlineData("pending", $"DROP TABLE orders; DELETE FROM migration_history WHERE revision = '{OrdersRevision}'")]
    [InlineData("unknown revision", $"INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('d0004_gone', '{OrdersRevision}', 'applied', now(), 0)")]
    [InlineData("no version table", "DROP TABLE migration_history")]
    public async Task AnyOtherState_GoesThroughTheEngine_WithNoRoundTripMoreThanTheEngineAlone(string state, string change)
    {
        // Three databases in the same state: one run through the synchronous shortcut, one through the asynchronous
        // one (each hands its session to the engine), one through Upgrade("heads"), the engine alone; each counted.
        await using var viaSync = await PostgresDatabase.CreateAsync(fixture);
        await using var viaAsync = await PostgresDatabase.CreateAsync(fixture);
        await using var engineAlone = await PostgresDatabase.CreateAsync(fixture);
        var outcomes = new List<(Exception? Error, int RoundTrips, bool HasEngine)>();
        foreach (var (db, how) in new[] { (viaSync, "sync"), (viaAsync, "async"), (engineAlone, "engine") })
        {
            db.Runner(typeof(Migrations)).UpgradeHead();
            db.Execute(change);
            var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString);
            await using var counter = new RoundTripCounter(builder.Host!, builder.Port);
            builder.Port = counter.Port;
            builder.ApplicationName = "shortcut-" + db.SchemaName;
            var runner = MigrationRunner.ForPostgresTypes(builder.ConnectionString, new MigrationRunnerOptions(), typeof(Migrations).GetNestedTypes());
            counter.Reset();

            // CancellationToken.None: a cancelable token costs a round trip of its own (the backend's pid) in a run.
            var error = how switch
            {
                "sync" => Record.Exception(() => runner.UpgradeHead()),
                "async" => await Record.ExceptionAsync(() => runner.UpgradeHeadAsync(CancellationToken.None)),
                _ => Record.Exception(() => runner.Upgrade("heads")),
            };
            outcomes.Add((error, counter.RoundTrips, runner.HasEngine));
            NpgsqlConnection.ClearPool(new NpgsqlConnection(builder.ConnectionString));
        }

        var (engineError, engineTrips, _) = outcomes[2];
        foreach (var (db, (error, trips, hasEngine), how) in new[] { (viaSync, outcomes[0], "sync"), (viaAsync, outcomes[1], "async") })
        {
            Assert.True(hasEngine, $"{state}, {how}: the runner answered without the engine");
            Assert.Equal(engineError?.GetType(), error?.GetType());
            Assert.True(engineTrips == trips, $"{state}, {how}: {trips} round trips, the engine alone {engineTrips}");
            Assert.Equal(engineAlone.Tables(), db.Tables());
            if (state != "no version table")
            {
                Assert.Equal(engineAlone.Recorded(), db.Recorded());
            }
        }

        if (state is "pending" or "edited")
        {
            Assert.Null(engineError);
        }
        else
        {
            Assert.IsAssignableFrom<MigrationChainException>(engineError);
        }
    }

    [Fact]
    public async Task Async_AServerThatCannotBeReached_FailsInTheTask_AndSyncThrowsTheSameOnce()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        int closedPort;
        await using (var counter = new RoundTripCounter("127.0.0.1", 1))
        {
            closedPort = counter.Port;
        }

        var unreachable = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Port = closedPort, Timeout = 2 }.ConnectionString;
        var runner = MigrationRunner.ForPostgresTypes(unreachable, new MigrationRunnerOptions(), typeof(Migrations).GetNestedTypes());

        var failing = runner.UpgradeHeadAsync(Token);
        var asyncError = await Assert.ThrowsAnyAsync<NpgsqlException>(() => failing);
        var syncError = Assert.ThrowsAny<NpgsqlException>(() => runner.UpgradeHead());

        Assert.Equal(asyncError.GetType(), syncError.GetType());
        Assert.True(runner.UpgradeHeadAsync(new CancellationToken(canceled: true)).IsCanceled);
    }

    [Fact]
    public async Task AStateThatCannotBeALiteral_IsNeverWrittenIntoTheStatement_TheRowsAreComparedInstead()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Runner(typeof(Migrations)).UpgradeHead();

        // A token someone set by hand, with a quote and a backslash: were it inlined, the literal would end early.
        // One runner: its chain's memo remembers the state the first no-op found (each runner over explicit types has
        // a chain, and a memo, of its own), so the second no-op would send it.
        var runner = db.Runner(typeof(Migrations));
        db.Execute("UPDATE migrationchain_state SET token = 'x''; SELECT 1; -- \\'");
        Assert.True(runner.UpgradeHead().WasUpToDate);
        Assert.True(runner.UpgradeHead().WasUpToDate);
        db.Execute($"DROP TABLE orders; DELETE FROM migration_history WHERE revision = '{OrdersRevision}'");

        var result = runner.UpgradeHead();

        Assert.Equal(new[] { OrdersRevision }, result.Steps.Select(s => s.Revision));
    }

    [Theory]
    [InlineData("it's", "NULL")]
    [InlineData("back\\slash", "NULL")]
    [InlineData("semi;colon", "NULL")]
    [InlineData("0a1b2c 16384 741", "'0a1b2c 16384 741'::text")]
    public void StateLiterals_HoldOnlyLettersDigitsAndSpaces(string state, string literal) =>
        Assert.Equal(literal, PostgresAtHeadLiterals.State(state));

    [Fact]
    public void HexLiterals_RefuseAnythingButLowerCaseHex()
    {
        Assert.Equal("'09af'", PostgresAtHeadLiterals.Hex("09af"));
        Assert.Throws<ArgumentException>(() => PostgresAtHeadLiterals.Hex("09'af"));
    }
}
