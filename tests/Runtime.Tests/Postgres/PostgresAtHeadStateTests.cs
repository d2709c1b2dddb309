using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Planning;
using MigrationChain.Postgres;
using MigrationChain.Testing.Support;
using Npgsql;
using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// A PostgreSQL no-op that remembers "exactly at head at state S" (PostgresVersionState, PostgresAtHeadMemo): a
/// remembered state costs one round trip and no hashing, and every way the version table can change moves the
/// state, so the next no-op compares the rows again and sees the change.
/// </summary>
public class PostgresAtHeadStateTests(PostgresFixture fixture)
{
    private static readonly MigrationCatalog Catalog = MigrationCatalog.FromTypes(typeof(Migrations).GetNestedTypes());

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RememberedState_SkipsTheComparison()
    {
        await using var db = await AtHeadAsync();
        var token = db.Scalar("SELECT token FROM migrationchain_state");

        // Forge the state: change a row, then put the old token back. Only a no-op that never compares the rows
        // can still answer "at head".
        db.Execute($"UPDATE migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'");
        db.Execute($"UPDATE migrationchain_state SET token = '{token}'");
        Assert.Null(await ProbeAsync(db));

        db.Execute("UPDATE migrationchain_state SET token = 'moved'");
        Assert.NotNull(await ProbeAsync(db));
    }

    [Fact]
    public async Task RememberedState_IsOneRoundTrip_ForAReusedAndANewRunner()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        await using var counter = new RoundTripCounter(builder.Host!, builder.Port);
        builder.Port = counter.Port;
        builder.ApplicationName = "state-round-trips-" + db.SchemaName;
        MigrationRunner Runner() => MigrationRunner.ForPostgresTypes(builder.ConnectionString, new MigrationRunnerOptions(), typeof(Migrations).GetNestedTypes());
        var runner = Runner();
        runner.UpgradeHead();
        runner.UpgradeHead();

        counter.Reset();
        Assert.True(runner.UpgradeHead().WasUpToDate);
        Assert.Equal(1, counter.RoundTrips);
        counter.Reset();
        Assert.True(Runner().UpgradeHead().WasUpToDate);
        Assert.Equal(1, counter.RoundTrips);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(builder.ConnectionString));
    }

    // A warm no-op asks for the state alone: the probe, which the server plans for about twice as long, is not sent
    // while the state is what this process remembered. What the server last ran on the no-op's pooled connection
    // says which was sent.
    [Fact]
    public async Task RememberedState_IsAskedAlone_WithoutTheProbe_InBothTwins()
    {
        await using var db = await AtHeadAsync();
        var stateQuery = new PostgresVersionTable(null, "migration_history").StateQuery;

        var synchronous = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "state-alone-sync-" + db.SchemaName, Pooling = true }.ConnectionString;
        var runner = MigrationRunner.ForPostgresTypes(synchronous, new MigrationRunnerOptions(), typeof(Migrations).GetNestedTypes());
        Assert.True(runner.UpgradeHead().WasUpToDate);
        Assert.Contains("WITH state AS", LastQuery(db, synchronous));
        Assert.True(runner.UpgradeHead().WasUpToDate);
        Assert.Equal(stateQuery, LastQuery(db, synchronous));

        var asynchronous = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "state-alone-async-" + db.SchemaName, Pooling = true }.ConnectionString;
        var provider = new PostgresProvider(asynchronous, new MigrationRunnerOptions());
        Assert.Null(await ProbeAsync(provider));
        Assert.Contains("WITH state AS", LastQuery(db, asynchronous));
        Assert.Null(await ProbeAsync(provider));
        Assert.Equal(stateQuery, LastQuery(db, asynchronous));

        // A state that moved sends the probe after it, which compares the rows and sees the change.
        db.Execute($"DELETE FROM migration_history WHERE revision = '{OrdersRevision}'");
        Assert.NotNull(await ProbeAsync(provider));
        Assert.Contains("WITH state AS", LastQuery(db, asynchronous));
        await using (var session = await new PostgresProvider(synchronous, new MigrationRunnerOptions()).OpenAsync(Token))
        {
            Assert.NotNull(((PostgresSession)session).ReadUnlessAtHead(Catalog.AtHead));
        }

        Assert.Contains("WITH state AS", LastQuery(db, synchronous));

        NpgsqlConnection.ClearPool(new NpgsqlConnection(synchronous));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(asynchronous));
    }

    // Each way the table can change after a no-op remembered it at head. Each must move the state (a test fails
    // when the trigger, the token, the table's oid or the trigger's row version is left out of it).
    [Theory]
    [InlineData("another connection inserts", $"INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('d0004_more', '{OrdersRevision}', 'applied', now(), 0)")]
    [InlineData("a manual UPDATE of a checksum", $"UPDATE migration_history SET checksum = '00000000000000000000000000000000' WHERE revision = '{AuditRevision}'")]
    [InlineData("a DELETE", $"DELETE FROM migration_history WHERE revision = '{OrdersRevision}'")]
    [InlineData("a TRUNCATE", "TRUNCATE migration_history")]
    [InlineData("an edit under session_replication_role = replica", $"SET session_replication_role = replica; UPDATE migration_history SET parents = '' WHERE revision = '{OrdersRevision}'; RESET session_replication_role")]
    [InlineData("an edit with the trigger disabled, then enabled again", $"ALTER TABLE migration_history DISABLE TRIGGER migrationchain_state; DELETE FROM migration_history WHERE revision = '{OrdersRevision}'; ALTER TABLE migration_history ENABLE ALWAYS TRIGGER migrationchain_state")]
    [InlineData("the table dropped and recreated without the trigger", $"CREATE TABLE copy AS SELECT * FROM migration_history WHERE revision <> '{OrdersRevision}'; DROP TABLE migration_history; ALTER TABLE copy RENAME TO migration_history")]
    [InlineData("an older runner's write (its upsert, knowing nothing of the state)", $"INSERT INTO migration_history AS v (revision, parents, state, applied_at, duration_ms, checksum) VALUES ('{OrdersRevision}', '{AuditRevision}', 'running', now(), 0, NULL) ON CONFLICT (revision) DO UPDATE SET state = excluded.state WHERE v.state = 'running' OR excluded.state = 'running'")]
    public async Task EveryChange_MakesTheNextNoOpCompareAgain(string how, string change)
    {
        await using var db = await AtHeadAsync();

        db.Execute(change);

        var snapshot = await ProbeAsync(db);
        Assert.True(snapshot is not null, $"{how}: still remembered at head");
        Assert.Equal(db.Recorded(), snapshot.Rows.Select(r => r.Revision).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheTableRecreatedAndSetUpAgain_IsComparedAgain()
    {
        await using var db = await AtHeadAsync();

        // The companion keeps its row and token; only the table's oid and its new trigger tell the tables apart.
        db.Execute($"CREATE TABLE copy AS SELECT * FROM migration_history WHERE revision <> '{OrdersRevision}'; DROP TABLE migration_history; ALTER TABLE copy RENAME TO migration_history");
        db.Execute(PostgresVersionState.Arm(new PostgresVersionTable(null, "migration_history")));

        Assert.NotNull(await ProbeAsync(db));
    }

    [Fact]
    public async Task ARolledBackEdit_LeavesTheStateAndTheAnswer()
    {
        await using var db = await AtHeadAsync();
        var generation = db.Scalar("SELECT generation FROM migrationchain_state");

        using (var connection = db.Open())
        using (var transaction = connection.BeginTransaction())
        {
            using var command = new NpgsqlCommand("DELETE FROM migration_history", connection, transaction);
            command.ExecuteNonQuery();
            transaction.Rollback();
        }

        Assert.Equal(generation, db.Scalar("SELECT generation FROM migrationchain_state"));
        Assert.Null(await ProbeAsync(db));
    }

    [Fact]
    public async Task ATenantSchema_KeepsItsStateInItsOwnSchema()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var tenant = db.SchemaName + "_tenant";
        var options = new MigrationRunnerOptions { Schema = tenant };
        db.Runner(typeof(Migrations), options).UpgradeHead();
        var provider = new PostgresProvider(db.ConnectionString, options);
        Assert.Null(await ProbeAsync(provider));
        Assert.Null(await ProbeAsync(provider));
        Assert.Equal(1L, db.Scalar($"SELECT count(*) FROM {tenant}.migrationchain_state WHERE version_table = 'migration_history'"));
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'migrationchain_state' AND schemaname = current_schema()"));

        // Edited from a session whose search_path does not include the tenant: the trigger finds the tenant's companion.
        db.Execute($"UPDATE {tenant}.migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'");

        Assert.NotNull(await ProbeAsync(provider));
    }

    [Fact]
    public async Task ADatabaseAnOlderRunnerMade_IsComparedUntilTheNextUpgrade_AndTheNoOpWritesNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var older = new[] { typeof(Migrations.Users), typeof(Migrations.Audit) };
        db.Runner(older).UpgradeHead();
        db.Execute("DROP TRIGGER migrationchain_state ON migration_history; DROP TABLE migrationchain_state; DROP FUNCTION migrationchain_state_bump()");
        var olderCatalog = MigrationCatalog.FromTypes(older);
        var provider = new PostgresProvider(db.ConnectionString, new MigrationRunnerOptions());

        Assert.Null(await ProbeAsync(provider, olderCatalog));
        Assert.Null(await ProbeAsync(provider, olderCatalog));
        Assert.True(db.Runner(older).UpgradeHead().WasUpToDate);
        Assert.DoesNotContain("migrationchain_state", db.Strings("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()"));

        var upgraded = db.Runner(typeof(Migrations)).UpgradeHead();

        Assert.Equal(new[] { OrdersRevision }, upgraded.Steps.Select(s => s.Revision));
        Assert.Equal("A", db.Scalar("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'migrationchain_state' AND tgrelid = 'migration_history'::regclass"));
        Assert.Null(await ProbeAsync(provider));
        Assert.NotNull(PostgresAtHeadMemo.Get(Catalog.AtHead, provider.AtHeadMemoKey).AtHeadState);
        db.Execute($"DELETE FROM migration_history WHERE revision = '{OrdersRevision}'");
        Assert.NotNull(await ProbeAsync(provider));
    }

    [Fact]
    public async Task AnOfflineScript_SetsUpTheSameState()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var runner = db.Runner(typeof(Chains.Linear));

        var script = runner.Script("base", "head");
        db.RunScript(script);

        Assert.Equal("A", db.Scalar("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'migrationchain_state' AND tgrelid = 'migration_history'::regclass"));
        Assert.True((long)db.Scalar("SELECT generation FROM migrationchain_state")! >= 4, "each recorded migration moves the state");
        var catalog = MigrationCatalog.FromTypes(typeof(Chains.Linear).GetNestedTypes());
        var provider = new PostgresProvider(db.ConnectionString, new MigrationRunnerOptions());
        Assert.Null(await ProbeAsync(provider, catalog));
        Assert.NotNull(PostgresAtHeadMemo.Get(catalog.AtHead, provider.AtHeadMemoKey).AtHeadState);
        db.Execute("DELETE FROM migration_history WHERE revision = '0004_orders_index'");
        Assert.NotNull(await ProbeAsync(provider, catalog));
    }

    [Fact]
    public async Task AUserWhoMayNotCreateTheTrigger_IsWarned_AndARunnerWhoMayWriteNeedsNoGrantOnTheCompanion()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var role = "mc_" + db.SchemaName;
        db.Execute($"CREATE ROLE {role} LOGIN; GRANT USAGE, CREATE ON SCHEMA {db.SchemaName} TO {role}");
        var older = new[] { typeof(Migrations.Users), typeof(Migrations.Audit) };
        db.Runner(older).UpgradeHead();
        db.Execute($"DROP TRIGGER migrationchain_state ON migration_history; DROP TABLE migrationchain_state; DROP FUNCTION migrationchain_state_bump(); GRANT SELECT, INSERT, UPDATE, DELETE ON migration_history TO {role}");
        var asRole = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role }.ConnectionString;
        var notices = new Notices();

        var upgraded = MigrationRunner.ForPostgresTypes(asRole, new MigrationRunnerOptions { Listener = notices }, typeof(Migrations).GetNestedTypes()).UpgradeHead();

        Assert.Equal(new[] { OrdersRevision }, upgraded.Steps.Select(s => s.Revision));
        var warning = Assert.Single(notices.Messages);
        Assert.Contains("could not set up migrationchain_state", warning);
        Assert.Null(db.Scalar("SELECT to_regclass('migrationchain_state')::text"));
        Assert.True(MigrationRunner.ForPostgresTypes(asRole, new MigrationRunnerOptions(), typeof(Migrations).GetNestedTypes()).UpgradeHead().WasUpToDate);

        // The owner sets it up; the role's own writes then move the state through the SECURITY DEFINER function.
        db.Execute(PostgresVersionState.Arm(new PostgresVersionTable(null, "migration_history")));
        var before = db.Scalar("SELECT generation FROM migrationchain_state");
        MigrationRunner.ForPostgresTypes(asRole, new MigrationRunnerOptions(), typeof(Migrations).GetNestedTypes()).Stamp(AuditRevision);
        Assert.NotEqual(before, db.Scalar("SELECT generation FROM migrationchain_state"));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(asRole));
    }

    [Fact]
    public async Task AVersionTableNamedLikeTheSetUpsQuoteTag_IsSetUpAndRemembered()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { VersionTable = "odd$migrationchain$ \"history\"" };
        db.Runner(typeof(Migrations), options).UpgradeHead();
        var provider = new PostgresProvider(db.ConnectionString, options);

        Assert.Null(await ProbeAsync(provider));
        Assert.NotNull(PostgresAtHeadMemo.Get(Catalog.AtHead, provider.AtHeadMemoKey).AtHeadState);
        db.Execute($"DELETE FROM {provider.VersionTable.Name} WHERE revision = '{OrdersRevision}'");
        Assert.NotNull(await ProbeAsync(provider));
    }

    private sealed class Notices : MigrationListener
    {
        public List<string> Messages { get; } = new();

        public override void OnNotice(string message) => Messages.Add(message);
    }

    /// <summary>A database upgraded to head whose state a no-op has remembered.</summary>
    private async Task<PostgresDatabase> AtHeadAsync()
    {
        var db = await PostgresDatabase.CreateAsync(fixture);
        db.Runner(typeof(Migrations)).UpgradeHead();
        Assert.Null(await ProbeAsync(db));
        Assert.NotNull(PostgresAtHeadMemo.Get(Catalog.AtHead, Provider(db).AtHeadMemoKey).AtHeadState);
        Assert.Null(await ProbeAsync(db));
        return db;
    }

    /// <summary>The statement the server last ran for the one pooled connection of <paramref name="connectionString"/>'s application name.</summary>
    private static string LastQuery(PostgresDatabase db, string connectionString) =>
        (string)db.Scalar($"SELECT query FROM pg_stat_activity WHERE application_name = '{new NpgsqlConnectionStringBuilder(connectionString).ApplicationName}'")!;

    private static PostgresProvider Provider(PostgresDatabase db) => new(db.ConnectionString, new MigrationRunnerOptions());

    private static Task<VersionTableSnapshot?> ProbeAsync(PostgresDatabase db) => ProbeAsync(Provider(db));

    private static async Task<VersionTableSnapshot?> ProbeAsync(PostgresProvider provider, MigrationCatalog? catalog = null)
    {
        await using var session = await provider.OpenAsync(Token);
        return await ((IAtHeadProbe)session).ReadUnlessAtHeadAsync((catalog ?? Catalog).AtHead, Token);
    }
}
