using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Planning;
using MigrationChain.Postgres;
using MigrationChain.Testing.Support;
using Npgsql;
using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// What a step's version row costs the server: a new row is a plain INSERT (the state trigger fires once, where an
/// upsert fires it for its INSERT and its UPDATE), a row the state knows of is still upserted, and the trigger's
/// function names the companion statically, replacing an older runner's dynamic-SQL body, while every writer
/// (a foreign one, one in a renamed schema, one that may not replace the function) still moves the state.
/// </summary>
public class PostgresVersionRowWriteTests(PostgresFixture fixture)
{
    private static readonly MigrationCatalog Catalog = MigrationCatalog.FromTypes(typeof(Migrations).GetNestedTypes());

    // The trigger function's body as runners before the static one created it (dynamic SQL on every write).
    private const string OlderBody = """
        BEGIN
            IF pg_catalog.to_regclass(pg_catalog.format('%I.migrationchain_state', TG_TABLE_SCHEMA)) IS NOT NULL THEN
                EXECUTE pg_catalog.format('UPDATE %I.migrationchain_state SET generation = generation + 1, token = pg_catalog.md5(pg_catalog.random()::text || pg_catalog.clock_timestamp()::text || pg_catalog.pg_backend_pid()::text) WHERE version_table = $1', TG_TABLE_SCHEMA)
                USING TG_TABLE_NAME::text;
            END IF;
            RETURN NULL;
        END
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MigrationTransactionMode.PerMigration)]
    [InlineData(MigrationTransactionMode.OneTransaction)]
    public async Task EachNewRow_MovesTheStateOnce(MigrationTransactionMode mode)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        db.Runner(typeof(Migrations), new MigrationRunnerOptions { TransactionMode = mode }).UpgradeHead();

        // The companion's row starts at generation 0 before the first write; an upsert would count two per row.
        Assert.Equal(3, db.Recorded().Count);
        Assert.Equal(3L, db.Scalar("SELECT generation FROM migrationchain_state"));
    }

    [Fact]
    public async Task ARunningRowOfATransactionalMigration_IsReplacedWhenRetried()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Runner(new[] { typeof(Migrations.Users) }).UpgradeHead();

        // Left by an interrupted run of a version of d0002 that was not transactional; the retry runs it in a transaction.
        db.Execute($"INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('{AuditRevision}', '{UsersRevision}', 'running', now(), 0)");

        var result = db.Runner(typeof(Migrations)).UpgradeHead(new RunOptions { RetryInterrupted = true });

        Assert.Equal(new[] { AuditRevision, OrdersRevision }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "applied", "applied", "applied" }, db.Strings("SELECT state FROM migration_history ORDER BY revision"));
    }

    [Fact]
    public async Task AnOlderRunnersFunction_IsReplaced_AndAForeignWriteStillMovesTheState()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Runner(new[] { typeof(Migrations.Users), typeof(Migrations.Audit) }).UpgradeHead();
        db.Execute(ReplaceFunction(OlderBody));

        db.Runner(typeof(Migrations)).UpgradeHead();

        var body = (string)db.Scalar("SELECT prosrc FROM pg_proc WHERE oid = 'migrationchain_state_bump()'::regprocedure")!;
        Assert.Contains($"UPDATE {db.SchemaName}.migrationchain_state SET", body);
        var provider = new PostgresProvider(db.ConnectionString, new MigrationRunnerOptions());
        Assert.Null(await ProbeAsync(provider));
        Assert.NotNull(PostgresAtHeadMemo.Get(Catalog.AtHead, provider.AtHeadMemoKey).AtHeadState);
        db.Execute($"UPDATE migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'");
        Assert.NotNull(await ProbeAsync(provider));
    }

    [Fact]
    public async Task ARunnerWhoMayNotReplaceTheOlderFunction_KeepsIt_WithoutAWarning_AndItsWritesMoveTheState()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var role = "mc_" + db.SchemaName;
        db.Execute($"CREATE ROLE {role} LOGIN; GRANT USAGE, CREATE ON SCHEMA {db.SchemaName} TO {role}");
        db.Runner(new[] { typeof(Migrations.Users), typeof(Migrations.Audit) }).UpgradeHead();
        db.Execute(ReplaceFunction(OlderBody) + $"; GRANT SELECT, INSERT, UPDATE, DELETE ON migration_history TO {role}; GRANT SELECT ON migrationchain_state TO {role}");
        var before = db.Scalar("SELECT generation FROM migrationchain_state");
        var asRole = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role }.ConnectionString;
        var notices = new Notices();

        var upgraded = MigrationRunner.ForPostgresTypes(asRole, new MigrationRunnerOptions { Listener = notices }, typeof(Migrations).GetNestedTypes()).UpgradeHead();

        Assert.Equal(new[] { OrdersRevision }, upgraded.Steps.Select(s => s.Revision));
        Assert.Empty(notices.Messages);
        Assert.Equal(OlderBody, db.Scalar("SELECT prosrc FROM pg_proc WHERE oid = 'migrationchain_state_bump()'::regprocedure"));
        Assert.NotEqual(before, db.Scalar("SELECT generation FROM migrationchain_state"));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(asRole));
    }

    [Fact]
    public async Task ARenamedSchema_StillMovesTheState()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var tenant = db.SchemaName + "_tenant";
        db.Runner(typeof(Migrations), new MigrationRunnerOptions { Schema = tenant }).UpgradeHead();

        // The function's text names the old schema; a write in the renamed one must find its companion all the same.
        db.Execute($"ALTER SCHEMA {tenant} RENAME TO {tenant}_renamed");
        var provider = new PostgresProvider(db.ConnectionString, new MigrationRunnerOptions { Schema = tenant + "_renamed" });
        Assert.Null(await ProbeAsync(provider));
        Assert.NotNull(PostgresAtHeadMemo.Get(Catalog.AtHead, provider.AtHeadMemoKey).AtHeadState);
        db.Execute($"UPDATE {tenant}_renamed.migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'");

        Assert.NotNull(await ProbeAsync(provider));
        db.Execute($"DROP SCHEMA {tenant}_renamed CASCADE");
    }

    [Fact]
    public async Task ASchemaNamedWithQuotes_IsSetUp_AndAForeignWriteMovesTheState()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var tenant = db.SchemaName + "_it's \"odd\"";
        var quoted = PostgresNames.Quote(tenant, "schema");
        var options = new MigrationRunnerOptions { Schema = tenant };
        db.Runner(typeof(Migrations), options).UpgradeHead();
        var provider = new PostgresProvider(db.ConnectionString, options);
        Assert.Null(await ProbeAsync(provider));
        Assert.NotNull(PostgresAtHeadMemo.Get(Catalog.AtHead, provider.AtHeadMemoKey).AtHeadState);

        db.Execute($"UPDATE {quoted}.migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'");

        Assert.NotNull(await ProbeAsync(provider));
        db.Execute($"DROP SCHEMA {quoted} CASCADE");
    }

    private static string ReplaceFunction(string body) =>
        "CREATE OR REPLACE FUNCTION migrationchain_state_bump() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS " +
        PostgresNames.Literal(body);

    private sealed class Notices : MigrationListener
    {
        public List<string> Messages { get; } = new();

        public override void OnNotice(string message) => Messages.Add(message);
    }

    private static async Task<VersionTableSnapshot?> ProbeAsync(PostgresProvider provider)
    {
        await using var session = await provider.OpenAsync(Token);
        return await ((IAtHeadProbe)session).ReadUnlessAtHeadAsync(Catalog.AtHead, Token);
    }
}
