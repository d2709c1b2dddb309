using System.Text.RegularExpressions;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>What only PostgreSQL shows: round trips at head, and offline scripts that share the runners' lock.</summary>
public class PostgresScriptAndRoundTripTests(PostgresFixture fixture)
{
    [Fact]
    public async Task UpgradeHead_AtHead_IsOneRoundTrip()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        await using var counter = new RoundTripCounter(builder.Host!, builder.Port);
        builder.Port = counter.Port;
        builder.ApplicationName = "round-trip-" + db.SchemaName;
        var runner = MigrationRunner.ForPostgresTypes(builder.ConnectionString, new MigrationRunnerOptions(), typeof(Chains.Linear).GetNestedTypes());
        runner.UpgradeHead();
        runner.UpgradeHead();

        counter.Reset();
        var result = runner.UpgradeHead();

        Assert.True(result.WasUpToDate);
        Assert.Equal(1, counter.RoundTrips);
        using var pooled = new NpgsqlConnection(builder.ConnectionString);
        NpgsqlConnection.ClearPool(pooled);
    }

    [Fact]
    public void Script_NeedsNoConnection()
    {
        var runner = MigrationRunner.ForPostgresTypes("Host=nowhere.invalid;Port=1;Database=app;Timeout=1", new MigrationRunnerOptions(), typeof(Chains.Linear).GetNestedTypes());

        var script = runner.Script("base", "head");

        Assert.Contains("CREATE TABLE users", script);
        Assert.Equal(4, Regex.Matches(script, "^COMMIT;$", RegexOptions.Multiline).Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ops")]
    public async Task Script_TakesTheRunnersLock_SoRunnersWaitWhileItRuns(string? versionTableSchema)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions
        {
            VersionTableSchema = versionTableSchema is null ? null : db.SchemaName + versionTableSchema,
            LockTimeout = TimeSpan.FromSeconds(1),
        };
        var script = db.Runner(typeof(Chains.Linear), options).Script("base", "head");
        var takeLock = script.Split('\n').Single(l => l.StartsWith("SELECT pg_catalog.pg_advisory_lock(", StringComparison.Ordinal));
        using var psqlLike = db.Open("script-by-hand");
        using (var command = new NpgsqlCommand(takeLock, psqlLike))
        {
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<MigrationLockTimeoutException>(() => db.Runner(typeof(Chains.Linear), options).UpgradeHead());

        Assert.Contains("application_name 'script-by-hand'", error.Message);
    }

    [Fact]
    public async Task Script_InAConfiguredSchema_CreatesItAndRunsByHand()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { VersionTableSchema = db.SchemaName + "_versions" };
        var runner = db.Runner(typeof(Chains.Linear), options);

        var script = runner.Script("base", "head");
        db.RunScript(script);

        Assert.Contains($"CREATE SCHEMA IF NOT EXISTS \"{db.SchemaName}_versions\"", script);
        Assert.True(runner.UpgradeHead().WasUpToDate);
        Assert.Equal(4L, db.Scalar($"SELECT count(*) FROM {db.SchemaName}_versions.migration_history"));
    }

    [Fact]
    public async Task Script_SetsAMigrationsTimeoutsInsideItsTransaction()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var script = db.Runner(typeof(PostgresChains.StatementTimeoutOnTheMigration)).Script("0001", "head");

        Assert.Matches(new Regex(@"BEGIN;\nSET LOCAL statement_timeout = 1000;\nSET LOCAL lock_timeout = 2000;\nCREATE TABLE half_done \(id INTEGER\);\nSELECT pg_sleep\(5\);\nINSERT INTO"), script);
    }
}
