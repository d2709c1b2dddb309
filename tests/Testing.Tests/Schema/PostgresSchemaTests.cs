using MigrationChain.Testing.Schema;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Testing.Tests.Schema;

/// <summary>What the PostgreSQL schema reader sees in pg_catalog, and what it deliberately leaves out.</summary>
public sealed class PostgresSchemaTests(PostgresFixture postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryKindOfObject_IsInTheSnapshot()
    {
        var database = await postgres.CreateDatabaseAsync("schema");
        await ExecuteAsync(database, """
            CREATE SCHEMA billing;
            CREATE TYPE billing.state AS ENUM ('open', 'paid');
            CREATE DOMAIN billing.amount AS numeric(12, 2) NOT NULL CHECK (VALUE >= 0);
            CREATE TABLE billing.invoices (
                id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                number  text NOT NULL UNIQUE,
                state   billing.state NOT NULL DEFAULT 'open',
                total   billing.amount,
                CONSTRAINT ck_number CHECK (length(number) > 3)
            );
            CREATE TABLE billing.lines (invoice_id bigint NOT NULL REFERENCES billing.invoices (id) ON DELETE CASCADE, qty int);
            CREATE INDEX ix_lines_invoice ON billing.lines (invoice_id) WHERE qty > 0;
            CREATE VIEW billing.open_invoices AS SELECT id, number FROM billing.invoices WHERE state = 'open';
            CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER invoices_touch BEFORE UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.touch();
            CREATE SEQUENCE billing.numbers START 1000;
            """);

        var lines = (await ReadAsync(database)).ToString().Split('\n');

        Assert.Contains("schema billing", lines);
        Assert.Contains("schema public", lines);
        Assert.Contains("type billing.state: enum ('open', 'paid')", lines);
        Assert.Contains("type billing.amount: domain numeric(12,2) NOT NULL CHECK (VALUE >= 0::numeric)", lines);
        Assert.Contains("table billing.invoices", lines);
        Assert.Contains("column billing.invoices.id: bigint NOT NULL GENERATED ALWAYS AS IDENTITY", lines);
        Assert.Contains("column billing.invoices.state: billing.state NOT NULL DEFAULT 'open'::billing.state", lines);
        Assert.Contains("column billing.invoices.total: billing.amount NULL", lines);
        Assert.Contains("constraint billing.invoices.ck_number: CHECK (length(number) > 3)", lines);
        Assert.Contains("constraint billing.invoices.invoices_number_key: UNIQUE (number)", lines);
        Assert.Contains("constraint billing.lines.lines_invoice_id_fkey: FOREIGN KEY (invoice_id) REFERENCES billing.invoices(id) ON DELETE CASCADE", lines);
        Assert.Contains("index billing.ix_lines_invoice on billing.lines: CREATE INDEX ix_lines_invoice ON billing.lines USING btree (invoice_id) WHERE (qty > 0)", lines);
        Assert.Contains("view billing.open_invoices: SELECT invoices.id, invoices.number FROM billing.invoices WHERE invoices.state = 'open'::billing.state;", lines);
        Assert.Contains("column billing.open_invoices.number: text NULL", lines);
        Assert.Contains(lines, l => l.StartsWith("function billing.touch(): returns trigger language plpgsql volatility v body md5 ", StringComparison.Ordinal));
        Assert.Contains("trigger invoices_touch on billing.invoices: CREATE TRIGGER invoices_touch BEFORE UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.touch()", lines);
        Assert.Contains("sequence billing.numbers: bigint START 1000 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807", lines);
        Assert.Contains("sequence billing.invoices_id_seq: bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807", lines);
        Assert.Contains("index billing.invoices_pkey on billing.invoices: CREATE UNIQUE INDEX invoices_pkey ON billing.invoices USING btree (id)", lines);
    }

    [Fact]
    public async Task VersionTableItsSchemaAndWhatHangsOffIt_AreLeftOut_AsAreObjectsOwnedByAnExtension()
    {
        var database = await postgres.CreateDatabaseAsync("schema");
        await ExecuteAsync(database, """
            CREATE SCHEMA ops;
            CREATE TABLE ops.versions (revision text PRIMARY KEY, n serial);
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            """);

        var lines = (await new PostgresSchemaReader(database, "versions", "ops").ReadAsync(Cancel)).ToString().Split('\n');

        Assert.Equal(new[] { lines.Single(l => l.StartsWith("extension pg_trgm: version ", StringComparison.Ordinal)), "schema public" }, lines);
    }

    [Fact]
    public async Task ChangedTypeNullabilityAndDefault_AreOneChangedLinePerColumn()
    {
        var database = await postgres.CreateDatabaseAsync("schema");
        await ExecuteAsync(database, "CREATE TABLE t (a int NULL, b text NOT NULL DEFAULT 'x')");
        var before = await ReadAsync(database);
        await ExecuteAsync(database, "ALTER TABLE t ALTER COLUMN a TYPE bigint, ALTER COLUMN a SET NOT NULL, ALTER COLUMN b DROP DEFAULT");

        var differences = (await ReadAsync(database)).DifferencesFrom(before);

        Assert.Equal(
            new[]
            {
                "~ column public.t.a: integer NULL -> bigint NOT NULL",
                "~ column public.t.b: text NOT NULL DEFAULT 'x'::text -> text NOT NULL",
            },
            differences);
    }

    private static Task<SchemaSnapshot> ReadAsync(string database) =>
        new PostgresSchemaReader(database, "migration_history", null).ReadAsync(Cancel);

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancel);
    }
}
