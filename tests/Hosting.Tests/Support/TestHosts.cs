using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigrationChain.Testing.Support;
using MigrationChain.Tests.HostApp;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace MigrationChain.Hosting.Tests.Support;

public enum Provider
{
    Sqlite,
    Postgres,
}

public static class Providers
{
    public static TheoryData<Provider> All => new(Provider.Sqlite, Provider.Postgres);
}

/// <summary>
/// Real generic hosts over real databases for one test: a fresh SQLite file or PostgreSQL database, hosts built the
/// way applications build them (configuration, logging, AddMigrationChain), and a look inside the database.
/// </summary>
public sealed class TestHosts(PostgresFixture postgres) : IDisposable
{
    /// <summary>A password in every PostgreSQL connection string; the test cluster trusts loopback, so it is never checked, only carried.</summary>
    public const string Password = "Pa55-word-never-logged";

    private readonly TempDirectory _folder = new("mc-hosting");
    private readonly List<IHost> _hosts = new();

    public Provider Provider { get; private set; }

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task<string> CreateDatabaseAsync(Provider provider)
    {
        Provider = provider;
        ConnectionString = provider == Provider.Sqlite
            ? $"Data Source={_folder.File("app.db")}"
            : new Npgsql.NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("hosting")) { Password = Password }.ConnectionString;
        return ConnectionString;
    }

    /// <summary>
    /// A host configured as an application would be: the connection string under ConnectionStrings:App, the
    /// HostApp's migrations, the given startup mode, logs into <paramref name="logs"/>.
    /// </summary>
    public IHost Build(RecordingLoggerProvider logs, MigrationStartup startup, Action<MigrationChainOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:App"] = ConnectionString });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        services?.Invoke(builder.Services);
        builder.Services.AddMigrationChain(options =>
        {
            options.ConnectionStringName = "App";
            options.Startup = startup;
            options.Assemblies.Add(typeof(RecordedMigration).Assembly);
            configure?.Invoke(options);
        });
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    public async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<bool> TableExistsAsync(string table) =>
        await CountAsync(Provider == Provider.Sqlite
            ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
            : $"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '{table}'") == 1;

    /// <summary>A runner of this test's database outside any host, to set up or inspect its state.</summary>
    public MigrationRunner Runner() => Provider == Provider.Sqlite
        ? MigrationRunner.ForSqlite(ConnectionString, typeof(RecordedMigration).Assembly)
        : MigrationRunner.ForPostgres(ConnectionString, typeof(RecordedMigration).Assembly);

    private System.Data.Common.DbConnection Open() => Provider == Provider.Sqlite
        ? new SqliteConnection(ConnectionString + ";Pooling=False")
        : new Npgsql.NpgsqlConnection(ConnectionString);

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
