#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// Time in migrations sent together (MigrationRunnerOptions.StepsPerRoundTrip): each one's own duration, the command
/// timeout a round trip shares (the sum of its migrations'), and a server session ending mid-round trip. Each
/// scenario runs with the default and with each migration sent alone, and must come out the same.
/// </summary>
public class PostgresStepsPerRoundTripTimingTests(PostgresFixture fixture)
{
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
}
