using System.Diagnostics;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// One schema per tenant (MigrationRunnerOptions.Schema): the version table and the migrations' unqualified names in
/// the tenant's schema, a lock per schema, and a pooled connection that leaves without the tenant's search_path.
/// </summary>
public class PostgresTenantSchemaTests(PostgresFixture fixture)
{
    [Fact]
    public async Task EachTenant_GetsItsTablesAndVersionTable_InItsOwnSchema_CreatedWhenMissing()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var (first, second) = (db.SchemaName + "_a", db.SchemaName + "_b");
        db.Execute($"CREATE SCHEMA {first}");

        // A table of the same name on the connection's own search_path: neither read as the tenant's nor touched.
        db.Execute("CREATE TABLE users (shared_marker INTEGER)");
        var notices = new NoticeListener();

        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Schema = first, Listener = notices }).UpgradeHead();
        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Schema = second, Listener = notices }).UpgradeHead(); // does not exist yet

        Assert.Equal(new[] { "migration_history", "migrationchain_state", "orders", "users" }, TablesIn(db, first));
        Assert.Equal(new[] { "migration_history", "migrationchain_state", "orders", "users" }, TablesIn(db, second));
        Assert.Equal(new[] { "users" }, db.Tables());
        Assert.False(db.HasColumn("users", "email"));
        Assert.Equal(4L, db.Scalar($"SELECT count(*) FROM {second}.migration_history"));
        Assert.Equal(new[] { $"Created the schema \"{second}\", which did not exist." }, notices.Notices);
        Assert.Equal(new[] { "0004_orders_index" }, db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Schema = first }).Current());
    }

    [Fact]
    public async Task ReadingAMissingTenantSchema_FindsNothingApplied_AndCreatesNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var tenant = db.SchemaName + "_missing";
        var runner = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Schema = tenant });

        Assert.Empty(runner.Current());
        Assert.Equal(4, runner.Upgrade("head", new RunOptions { DryRun = true }).Steps.Count);

        Assert.Equal(0L, db.Scalar($"SELECT count(*) FROM pg_namespace WHERE nspname = '{tenant}'"));
    }

    [Fact]
    public async Task OneTransactionRuns_AndNonTransactionalSteps_BothLandInTheTenant()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var (whole, stepwise) = (db.SchemaName + "_one", db.SchemaName + "_steps");

        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Schema = whole, TransactionMode = MigrationTransactionMode.OneTransaction }).UpgradeHead();
        db.Runner(typeof(PostgresChains.ConcurrentIndex), new MigrationRunnerOptions { Schema = stepwise }).UpgradeHead();

        Assert.Equal(new[] { "migration_history", "migrationchain_state", "orders", "users" }, TablesIn(db, whole));
        Assert.Contains("items", TablesIn(db, stepwise));
        Assert.Equal(1L, db.Scalar($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{stepwise}' AND indexname = 'ix_items_id'"));
        Assert.Empty(db.Tables());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APooledConnection_ReturnsWithItsOwnSearchPath(bool noResetOnClose)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var application = "tenant-pool-" + Guid.NewGuid().ToString("N")[..8];

        // Two physical connections (the run and its lock), so the next two users get the server sessions the run had.
        var connectionString = new NpgsqlConnectionStringBuilder(db.ConnectionStringFor(application)) { MaxPoolSize = 2, NoResetOnClose = noResetOnClose }.ConnectionString;
        var runner = MigrationRunner.ForPostgresTypes(connectionString, new MigrationRunnerOptions { Schema = db.SchemaName + "_pooled" }, typeof(Chains.Linear).GetNestedTypes());

        runner.UpgradeHead();
        Assert.Equal(new[] { "0004_orders_index" }, runner.Current());

        Assert.Equal(2, db.Sessions(application).Count);
        await using var next = new NpgsqlConnection(connectionString);
        await using var second = new NpgsqlConnection(connectionString);
        foreach (var connection in new[] { next, second })
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var show = new NpgsqlCommand("SHOW search_path", connection);
            Assert.Equal(db.SchemaName, await show.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(2, db.Sessions(application).Count);
        NpgsqlConnection.ClearPool(next);
    }

    [Fact]
    public async Task RunnersOfDifferentSchemas_DoNotWaitForEachOther_RunnersOfTheSameSchemaDo()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var (busy, other) = (db.SchemaName + "_busy", db.SchemaName + "_other");
        using var gate = new Gate();
        var holding = Task.Run(() => db.Runner(typeof(BlockingChain), new MigrationRunnerOptions { Schema = busy }).UpgradeHeadAsync(TestContext.Current.CancellationToken));
        Assert.True(gate.Entered.Wait(TimeSpan.FromSeconds(30)), "the blocking migration never started");

        // Another tenant: its own lock, free while the busy tenant's run holds its own.
        var clock = Stopwatch.StartNew();
        var result = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Schema = other, LockTimeout = TimeSpan.FromSeconds(3) }).UpgradeHead();
        Assert.Equal(4, result.Steps.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        // The same tenant: waits for the holder, and gives up after its lock timeout naming it.
        var error = Assert.Throws<MigrationLockTimeoutException>(() =>
            db.Runner(typeof(BlockingChain), new MigrationRunnerOptions { Schema = busy, LockTimeout = TimeSpan.FromSeconds(1) }).UpgradeHead());
        Assert.Contains("pid ", error.Message);

        gate.Release.Set();
        Assert.Single((await holding).Steps);
        Assert.Equal(new[] { "0001_blocks" }, db.Runner(typeof(BlockingChain), new MigrationRunnerOptions { Schema = busy }).Current());
    }

    [Fact]
    public async Task OfflineScript_SetsTheTenantsSearchPath_AndRunsThereWithPsql()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var tenant = db.SchemaName + "_script";
        var script = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Schema = tenant }).Script("base", "head");

        Assert.Contains($"SET search_path TO \"{tenant}\"", script);
        db.RunScript(script);

        Assert.Equal(new[] { "migration_history", "migrationchain_state", "orders", "users" }, TablesIn(db, tenant));
        Assert.Empty(db.Tables());
    }

    [Fact]
    public void ASchemaWithADifferentVersionTableSchema_IsRefusedUpFront()
    {
        var error = Assert.Throws<ArgumentException>(() => MigrationRunner.ForPostgres(
            "Host=localhost", new MigrationRunnerOptions { Schema = "tenant_1", VersionTableSchema = "ops" }, typeof(Chains).Assembly));

        Assert.Contains("Set only Schema", error.Message);
    }

    private static List<string> TablesIn(PostgresDatabase db, string schema) =>
        db.Strings($"SELECT tablename::text FROM pg_tables WHERE schemaname = '{schema}' ORDER BY tablename COLLATE \"C\"");

    private sealed class NoticeListener : MigrationListener
    {
        public List<string> Notices { get; } = new();

        public override void OnNotice(string message)
        {
            lock (Notices)
            {
                Notices.Add(message);
            }
        }
    }

    /// <summary>One migration that holds its run (and so its schema's lock) until the test lets it go.</summary>
    public static class BlockingChain
    {

        [Migration("0001_blocks")]
        public sealed class Blocks : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE blocked (id INTEGER)");
                if (Gate.Current is { } gate)
                {
                    gate.Entered.Set();
                    gate.Release.Wait(TimeSpan.FromSeconds(60));
                }
            }
        }

    }

    /// <summary>Where the blocking migration says it started, and waits to be let go.</summary>
    public sealed class Gate : IDisposable
    {
        public Gate() => Current = this;

        public static Gate? Current { get; private set; }

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public void Dispose()
        {
            Current = null;
            Release.Set();
        }
    }
}
