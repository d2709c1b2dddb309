using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests;

/// <summary>
/// A PostgreSQL schema of its own for one test, in a database tests share: the connection string's search_path
/// names only that schema, so unqualified tables, the version table and the advisory lock key are all the test's.
/// </summary>
public sealed class PostgresDatabase : TestDatabase
{
    private readonly HashSet<string> _connectionStrings = new(StringComparer.Ordinal);

    private PostgresDatabase(string connectionString, string schemaName)
    {
        ConnectionString = connectionString;
        SchemaName = schemaName;
        _connectionStrings.Add(connectionString);
    }

    public override string ConnectionString { get; }

    /// <summary>The test's schema, first and only on its search_path.</summary>
    public string SchemaName { get; }

    public override string MissingTableError => "relation \"no_such_table\" does not exist";

    /// <summary>A schema of its own in the shared database (fast; the default for provider-neutral tests).</summary>
    public static async Task<PostgresDatabase> CreateAsync(PostgresFixture fixture)
    {
        var shared = await fixture.SharedDatabaseAsync();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..20];
        var builder = new NpgsqlConnectionStringBuilder(shared) { SearchPath = schema, Pooling = true, ApplicationName = "runtime-tests" };
        var database = new PostgresDatabase(builder.ConnectionString, schema);
        database.Execute($"CREATE SCHEMA {schema}");
        return database;
    }

    /// <summary>A database of its own, in its public schema (for tests that start processes or look across sessions).</summary>
    public static async Task<PostgresDatabase> CreateDedicatedAsync(PostgresFixture fixture, string prefix)
    {
        var connectionString = await fixture.CreateDatabaseAsync(prefix);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, ApplicationName = "runtime-tests" };
        return new PostgresDatabase(builder.ConnectionString, "public");
    }

    public override MigrationRunner Runner(IReadOnlyList<Type> migrations, MigrationRunnerOptions? options = null) =>
        MigrationRunner.ForPostgresTypes(ConnectionString, options ?? new MigrationRunnerOptions(), migrations);

    /// <summary>A runner whose sessions show this application_name, so a test can find (and terminate) them.</summary>
    public MigrationRunner Runner(Type chain, MigrationRunnerOptions? options, string applicationName) =>
        MigrationRunner.ForPostgresTypes(ConnectionStringFor(applicationName), options ?? new MigrationRunnerOptions(), chain.GetNestedTypes());

    public string ConnectionStringFor(string applicationName)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName }.ConnectionString;
        lock (_connectionStrings)
        {
            _connectionStrings.Add(connectionString);
        }

        return connectionString;
    }

    /// <summary>The advisory lock key runners of this schema's default version table take.</summary>
    public long LockKey(string table = "migration_history") => MigrationChain.Postgres.PostgresLockKey.For(SchemaName, table);

    public NpgsqlConnection Open(string? applicationName = null)
    {
        var connection = new NpgsqlConnection(applicationName is null ? ConnectionString : ConnectionStringFor(applicationName));
        connection.Open();
        return connection;
    }

    public override void Execute(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public override object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public override List<string> Strings(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>
    /// The schema's tables but the runner's <c>migrationchain_state</c> (PostgresVersionState), which stands beside the
    /// version table wherever the runner wrote; PostgresAtHeadStateTests and the tenant tests assert it.
    /// </summary>
    public override List<string> Tables() =>
        Strings("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'migrationchain_state' ORDER BY tablename COLLATE \"C\"");

    public override bool HasColumn(string table, string column) =>
        (bool)Scalar($"SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' AND column_name = '{column}')")!;

    public override List<string> Schema() => Strings("""
        SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
        FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT IN ('migration_history', 'migrationchain_state')
        UNION ALL
        SELECT replace(indexdef, ' ON ' || current_schema() || '.', ' ON ') FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT IN ('migration_history', 'migrationchain_state')
        UNION ALL
        SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
        WHERE connamespace = current_schema()::regnamespace AND conrelid IS DISTINCT FROM to_regclass('migration_history') AND conrelid IS DISTINCT FROM to_regclass('migrationchain_state')
        ORDER BY 1
        """);

    public override void Record(string revision, string parents = "") =>
        Execute($"INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('{revision}', '{parents}', 'applied', '2026-01-01T00:00:00Z', 1)");

    /// <summary>Runs the script with psql, as its header says, in this test's schema.</summary>
    public override void RunScript(string script)
    {
        var psql = PostgresCluster.FindClientTool("psql");
        TestEnvironment.RequireOrSkip(psql is not null, "psql is not installed (it comes with the 'postgresql' package)");
        using var folder = new TempDirectory("mc-script");
        File.WriteAllText(folder.File("script.sql"), script);
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var environment = new Dictionary<string, string?>
        {
            ["PGHOST"] = builder.Host, ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username, ["PGDATABASE"] = builder.Database, ["PGOPTIONS"] = $"-c search_path={SchemaName}",
        };
        var result = ProcessRunner.RunAsync(psql!, new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", folder.File("script.sql") }, environment: environment, timeout: TimeSpan.FromMinutes(1))
            .GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>Sessions of this test's connection string, for tests that look at who holds what.</summary>
    public List<string> Sessions(string applicationName) =>
        Strings($"SELECT pid::text FROM pg_stat_activity WHERE application_name = '{applicationName}' ORDER BY pid");

    /// <summary>Ends every session with this application_name, as an operator's pg_terminate_backend would.</summary>
    public int Terminate(string applicationName) =>
        Convert.ToInt32(Scalar($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{applicationName}'"), System.Globalization.CultureInfo.InvariantCulture);

    public override ValueTask DisposeAsync()
    {
        // Runners share Npgsql's pools for these connection strings: close their idle connections, which would
        // otherwise linger past the test and crowd the server. Other tests' pools stay warm.
        lock (_connectionStrings)
        {
            foreach (var connectionString in _connectionStrings)
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }

        return default;
    }
}
