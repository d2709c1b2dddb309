using System.Text.Json;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// Where a fleet's targets come from besides a glob: tenants' schemas of one PostgreSQL database (--schemas), a
/// catalog database (--databases-from with --query), and a command's output (--databases-from-command); SQLite files
/// and PostgreSQL URLs mixed. Bad input of each kind stops the run before anything changed (exit 2).
/// </summary>
public class FleetTargetTests(PostgresFixture postgres)
{
    private static readonly string[] AtHead = { "0001_create_notes", "0002_add_tags", "0003_note_tags" };

    [Fact]
    public async Task SchemasPattern_MigratesEachMatchingSchema_InsideItself_AndCurrentReportsEach()
    {
        using var folder = new TempDirectory("mc-schemas");
        var connectionString = await postgres.CreateDatabaseAsync("schemas");
        Execute(connectionString, "CREATE SCHEMA tenant_1; CREATE SCHEMA tenant_2; CREATE SCHEMA tenant_3; CREATE SCHEMA other_1");
        var url = PostgresUrl.From(connectionString);

        var upgrade = await Mchain.RunAsync(folder.Path, "upgrade", "--database", url, "--schemas", "tenant_%", "--assembly", Assets.Linear);

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Contains($"{PostgresUrl.From(connectionString, password: null)}?schema=tenant_2", upgrade.Output);
        Assert.DoesNotContain(PostgresUrl.Password, upgrade.All);
        foreach (var tenant in new[] { "tenant_1", "tenant_2", "tenant_3" })
        {
            Assert.Equal(AtHead, PostgresUrl.Recorded(connectionString, tenant + ".migration_history"));
            Assert.Equal(new[] { "migration_history", "migrationchain_state", "note_tags", "notes", "tags" }, Tables(connectionString, tenant));
        }

        Assert.Empty(Tables(connectionString, "public"));
        Assert.Empty(Tables(connectionString, "other_1"));

        var current = await Mchain.RunAsync(folder.Path, "current", "--json", "--database", url, "--schemas", "tenant_%", "--assembly", Assets.Linear);
        Assert.True(current.ExitCode == 0, current.ToString());
        var databases = JsonDocument.Parse(current.Output).RootElement.GetProperty("databases").EnumerateArray().ToList();
        Assert.Equal(3, databases.Count);
        Assert.Equal(new[] { "tenant_1", "tenant_2", "tenant_3" }, databases.Select(d => d.GetProperty("database").GetString()!.Split("?schema=")[1]));
        Assert.All(databases, d =>
        {
            Assert.Equal("0003_note_tags", Assert.Single(d.GetProperty("before").EnumerateArray()).GetString());
            Assert.Empty(d.GetProperty("plan").EnumerateArray());
        });
    }

    [Fact]
    public async Task SchemasList_CreatesAMissingSchemaOnUpgrade_AndMixesWithAUrlNamingOne()
    {
        using var folder = new TempDirectory("mc-schemas");
        var connectionString = await postgres.CreateDatabaseAsync("schemalist");
        Execute(connectionString, "CREATE SCHEMA tenant_a");
        var url = PostgresUrl.From(connectionString);

        var upgrade = await Mchain.RunAsync(folder.Path, "upgrade", "--database", url, "--schemas", "tenant_a, tenant_new", "--assembly", Assets.Linear);

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Equal(AtHead, PostgresUrl.Recorded(connectionString, "tenant_a.migration_history"));
        Assert.Equal(AtHead, PostgresUrl.Recorded(connectionString, "tenant_new.migration_history"));

        // One tenant by URL, as a list file or a catalog names it.
        var single = await Mchain.RunAsync(folder.Path, "downgrade", "0001", "--database", url + "?schema=tenant_new", "--assembly", Assets.Linear);
        Assert.True(single.ExitCode == 0, single.ToString());
        Assert.Equal(new[] { "0001_create_notes" }, PostgresUrl.Recorded(connectionString, "tenant_new.migration_history"));
        Assert.Equal(AtHead, PostgresUrl.Recorded(connectionString, "tenant_a.migration_history"));
    }

    [Fact]
    public async Task BadSchemaSelections_AreUsageErrors_ThatChangeNothing()
    {
        using var folder = new TempDirectory("mc-schemas");
        var connectionString = await postgres.CreateDatabaseAsync("badschemas");
        Execute(connectionString, "CREATE SCHEMA customer_1");
        var url = PostgresUrl.From(connectionString);
        var sqlite = new SqliteFile(Path.Combine(folder.Path, "app.db"));

        var nothingMatches = await Mchain.RunAsync(folder.Path, "upgrade", "--database", url, "--schemas", "tenant_%", "--assembly", Assets.Linear);
        var loneEscape = await Mchain.RunAsync(folder.Path, "upgrade", "--database", url, "--schemas", "tenant_%\\", "--assembly", Assets.Linear);
        var onSqlite = await Mchain.RunAsync(folder.Path, "upgrade", "--database", sqlite.Url, "--schemas", "tenant_%", "--assembly", Assets.Linear);
        var withVersionSchema = await Mchain.RunAsync(folder.Path, "upgrade", "--database", url, "--schemas", "customer_1", "--version-table-schema", "ops", "--assembly", Assets.Linear);

        Assert.Equal(2, nothingMatches.ExitCode);
        Assert.Contains("No schema of", nothingMatches.Error);
        Assert.Contains("customer_1", nothingMatches.Error);
        Assert.Equal(2, loneEscape.ExitCode);
        Assert.Contains("lone backslash", loneEscape.Error);
        Assert.Equal(2, onSqlite.ExitCode);
        Assert.Contains("--schemas is for PostgreSQL", onSqlite.Error);
        Assert.Equal(2, withVersionSchema.ExitCode);
        Assert.Contains("--version-table-schema does not apply", withVersionSchema.Error);
        Assert.All(new[] { nothingMatches, loneEscape, onSqlite, withVersionSchema }, r => Assert.DoesNotContain(PostgresUrl.Password, r.All));
        Assert.Empty(Tables(connectionString, "customer_1"));
        Assert.Equal(1L, Scalar(connectionString, "SELECT count(*) FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname NOT IN ('information_schema', 'public')"));
        Assert.False(File.Exists(sqlite.Path));
    }

    [Fact]
    public async Task DatabasesFromACatalog_MigratesTheActiveRows_PostgresAndSqliteMixed()
    {
        using var folder = new TempDirectory("mc-catalog");
        var (catalog, first, second) = (await postgres.CreateDatabaseAsync("catalog"), await postgres.CreateDatabaseAsync("tenant"), await postgres.CreateDatabaseAsync("tenant"));
        var sqlite = new SqliteFile(Path.Combine(folder.Path, "tenant.db"));
        var inactive = new SqliteFile(Path.Combine(folder.Path, "inactive.db"));
        Execute(catalog, "CREATE TABLE tenants (url text, active boolean)");
        Insert(catalog, (PostgresUrl.From(first), true), (PostgresUrl.From(second) + "?schema=acme", true), ("sqlite:///" + sqlite.Path, true), ("sqlite:///" + inactive.Path, false));

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--databases-from", PostgresUrl.From(catalog), "--query", "SELECT url FROM tenants WHERE active ORDER BY url;", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(AtHead, PostgresUrl.Recorded(first));
        Assert.Equal(AtHead, PostgresUrl.Recorded(second, "acme.migration_history"));
        Assert.Equal(AtHead, sqlite.Recorded());
        Assert.False(File.Exists(inactive.Path));
        Assert.DoesNotContain(PostgresUrl.Password, result.All);
        Assert.Equal(4L, Scalar(catalog, "SELECT count(*) FROM tenants"));
    }

    [Fact]
    public async Task CatalogProblems_AreUsageErrors_NamingTheRow_AndNothingIsMigrated()
    {
        using var folder = new TempDirectory("mc-catalog");
        var (catalog, tenant) = (await postgres.CreateDatabaseAsync("catalog"), await postgres.CreateDatabaseAsync("tenant"));
        Execute(catalog, "CREATE TABLE tenants (url text, active boolean)");
        Insert(catalog, (PostgresUrl.From(tenant), true), ("mysql://root:hunter22@db/shop", true), (null, false));
        var catalogUrl = PostgresUrl.From(catalog);

        // Row 1 is a good database and row 2 is not: row 1 must be untouched, so every row is checked before any runs
        // (one at a time, row 1 would otherwise be migrated in full before row 2 is read).
        var garbage = await Mchain.RunAsync(folder.Path, "upgrade", "--databases-from", catalogUrl, "--query", "SELECT url FROM tenants WHERE active ORDER BY url DESC",
            "--parallel", "1", "--assembly", Assets.Linear);
        Assert.Empty(Tables(tenant, "public"));
        var nullRow = await Run(folder, catalogUrl, "SELECT url FROM tenants WHERE url IS NULL OR url LIKE 'postgresql:%' ORDER BY url NULLS LAST");
        var noRows = await Run(folder, catalogUrl, "SELECT url FROM tenants WHERE false");
        var badSql = await Run(folder, catalogUrl, "SELECT url FROM tenant WHERE active");
        var twoColumns = await Run(folder, catalogUrl, "SELECT url, active FROM tenants");
        var twoStatements = await Run(folder, catalogUrl, "SELECT url FROM tenants; DELETE FROM tenants");
        var unreachable = await Run(folder, "postgresql://app:" + PostgresUrl.Password + "@127.0.0.1:1/catalog", "SELECT url FROM tenants");

        Assert.All(new[] { garbage, nullRow, noRows, badSql, twoColumns, twoStatements, unreachable }, r =>
        {
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.DoesNotContain(PostgresUrl.Password, r.All);
            Assert.DoesNotContain("hunter22", r.All);
        });
        Assert.Contains("--query row 2 from the catalog", garbage.Error);
        Assert.Contains("'mysql://root:***@db/shop'", garbage.Error);
        Assert.Contains("row 2", nullRow.Error);
        Assert.Contains("is NULL", nullRow.Error);
        Assert.Contains("returned no rows", noRows.Error);
        Assert.Contains("relation \"tenant\" does not exist", badSql.Error);
        Assert.Contains("one text column", twoColumns.Error);
        Assert.Contains("2 statements", twoStatements.Error);
        Assert.Contains("Cannot connect to the catalog", unreachable.Error);
        Assert.Empty(Tables(tenant, "public"));
        Assert.Equal(3L, Scalar(catalog, "SELECT count(*) FROM tenants"));
    }

    [Fact]
    public async Task DatabasesFromACommand_MigratesWhatItPrints_AndAFailingOrGarbledCommandChangesNothing()
    {
        using var folder = new TempDirectory("mc-command");
        var tenant = await postgres.CreateDatabaseAsync("tenant");
        var sqlite = new SqliteFile(Path.Combine(folder.Path, "a.db"));
        var url = PostgresUrl.From(tenant);

        var failing = await Mchain.RunAsync(folder.Path, "upgrade", "--databases-from-command", $"echo sqlite:///a.db; echo '{url}'; echo 'registry unreachable' >&2; exit 3", "--assembly", Assets.Linear);
        var garbled = await Mchain.RunAsync(folder.Path, "upgrade", "--databases-from-command", $"echo sqlite:///a.db; echo '# comment'; echo; echo 'not a url'", "--parallel", "1", "--assembly", Assets.Linear);

        Assert.Equal(2, failing.ExitCode);
        Assert.Contains("exited with code 3: registry unreachable", failing.Error);
        Assert.Equal(2, garbled.ExitCode);
        Assert.Contains("line 4: Bad database: 'not a url'", garbled.Error);
        Assert.False(File.Exists(sqlite.Path));
        Assert.Empty(Tables(tenant, "public"));

        var good = await Mchain.RunAsync(folder.Path, "upgrade", "--databases-from-command", $"echo sqlite:///a.db; echo '{url}'", "--assembly", Assets.Linear);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal(AtHead, sqlite.Recorded());
        Assert.Equal(AtHead, PostgresUrl.Recorded(tenant));
        Assert.DoesNotContain(PostgresUrl.Password, failing.All + garbled.All + good.All);
    }

    [Fact]
    public async Task TheCatalogAndItsQuery_ComeFromMchainJson()
    {
        using var folder = new TempDirectory("mc-catalog");
        var (catalog, tenant) = (await postgres.CreateDatabaseAsync("catalog"), await postgres.CreateDatabaseAsync("tenant"));
        Execute(catalog, "CREATE TABLE tenants (url text)");
        Insert(catalog, (PostgresUrl.From(tenant) + "?schema=from_config", true));
        File.WriteAllText(Path.Combine(folder.Path, "mchain.json"), JsonSerializer.Serialize(new
        {
            assembly = Assets.Linear,
            databasesFrom = PostgresUrl.From(catalog),
            query = "SELECT url FROM tenants",
        }));

        var result = await Mchain.RunAsync(folder.Path, "upgrade");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(AtHead, PostgresUrl.Recorded(tenant, "from_config.migration_history"));
    }

    [Fact]
    public async Task FourShardsStartedTogether_OnASchemaFleet_MigrateEverySchemaExactlyOnce()
    {
        using var folder = new TempDirectory("mc-shards");
        var connectionString = await postgres.CreateDatabaseAsync("shards");
        var tenants = Enumerable.Range(1, 40).Select(i => $"tenant_{i:D3}").ToList();
        Execute(connectionString, string.Concat(tenants.Select(t => $"CREATE SCHEMA {t};")));
        var url = PostgresUrl.From(connectionString);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Mchain.RunAsync(
            folder.Path, "upgrade", "--json", "--database", url, "--schemas", "tenant_%", "--shard", $"{i}/4", "--parallel", "2", "--assembly", Assets.Linear)));

        var parts = runs.Select(run =>
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            using var json = JsonDocument.Parse(run.Output);
            var databases = json.RootElement.GetProperty("databases").EnumerateArray().ToList();
            Assert.All(databases, d => Assert.Equal("upgraded", d.GetProperty("outcome").GetString()));
            return databases.Select(d => d.GetProperty("database").GetString()!.Split("?schema=")[1]).ToList();
        }).ToList();

        // Each process upgraded its own part (a schema upgraded by two would be "up to date" in the second), and
        // together the parts are the whole fleet.
        Assert.All(parts, part => Assert.NotEmpty(part));
        Assert.Equal(tenants.Count, parts.Sum(p => p.Count));
        Assert.Equal(tenants, parts.SelectMany(p => p).Order(StringComparer.Ordinal));
        Assert.All(tenants, t => Assert.Equal(AtHead, PostgresUrl.Recorded(connectionString, t + ".migration_history")));
    }

    private static Task<ProcessResult> Run(TempDirectory folder, string catalogUrl, string query) =>
        Mchain.RunAsync(folder.Path, "upgrade", "--databases-from", catalogUrl, "--query", query, "--assembly", Assets.Linear);

    private static void Insert(string connectionString, params (string? Url, bool Active)[] rows)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var hasActive = Scalar(connectionString, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'tenants' AND column_name = 'active'") is 1L;
        foreach (var (url, active) in rows)
        {
            using var command = new NpgsqlCommand(hasActive ? "INSERT INTO tenants VALUES ($1, $2)" : "INSERT INTO tenants VALUES ($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)url ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            if (hasActive)
            {
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = active });
            }

            command.ExecuteNonQuery();
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static List<string> Tables(string connectionString, string schema)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT tablename::text FROM pg_tables WHERE schemaname = $1 ORDER BY tablename COLLATE \"C\"", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
