using Microsoft.Data.Sqlite;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Benchmarks.Peers;

/// <summary>
/// Fresh databases for the tools: SQLite files that do not exist yet (each tool creates its file as it would for a
/// user, EF Core switching it to WAL), or empty databases on a durable throwaway PostgreSQL cluster (fsync on), the
/// one the tests use. Connection pooling stays on, as in an application.
/// </summary>
internal sealed class Databases : IAsyncDisposable
{
    private readonly Dialect _dialect;
    private readonly string _folder;
    private readonly PostgresCluster? _cluster;
    private int _next;

    private Databases(Dialect dialect, string folder, PostgresCluster? cluster)
    {
        _dialect = dialect;
        _folder = folder;
        _cluster = cluster;
    }

    public static async Task<Databases> StartAsync(Dialect dialect, bool durable = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mc-peers-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var cluster = dialect == Dialect.Postgres ? await PostgresCluster.StartAsync(durable, StatementTimes.ServerSettings) : null;
        var databases = new Databases(dialect, folder, cluster);
        if (cluster is not null)
        {
            databases.StatementTimes = await StatementTimes.TryStartAsync(cluster.AdminConnectionString);
        }

        return databases;
    }

    /// <summary>The server's time per statement (PostgreSQL with pg_stat_statements), or null where it is not available.</summary>
    public StatementTimes? StatementTimes { get; private set; }

    public async Task<string> FreshAsync(string tool)
    {
        var number = Interlocked.Increment(ref _next);
        if (_cluster is null)
        {
            return $"Data Source={Path.Combine(_folder, $"{tool}-{number}.db")}";
        }

        var created = await _cluster.CreateDatabaseAsync(tool.ToLowerInvariant());
        return new NpgsqlConnectionStringBuilder(created) { Pooling = true }.ToString();
    }

    /// <summary>Checks that a tool really built the schema: every t_i table, no more and no fewer.</summary>
    public async Task RequireTablesAsync(string connectionString, int count, string tool)
    {
        long tables;
        if (_dialect == Dialect.Sqlite)
        {
            await using var connection = new SqliteConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 't_[0-9]*'", connection);
            tables = (long)(await command.ExecuteScalarAsync())!;
        }
        else
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t_[0-9]+$'", connection);
            tables = (long)(await command.ExecuteScalarAsync())!;
        }

        if (tables != count)
        {
            throw new InvalidOperationException($"{tool} left {tables} t_i tables, not {count}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
