using Npgsql;

namespace MigrationChain.Benchmarks.Peers;

/// <summary>
/// How long the server spent in the migrations' own DDL (every tool sends the same <c>CREATE TABLE t_i</c> and
/// <c>CREATE INDEX ix_i</c>), from pg_stat_statements. On a durable cluster that time is mostly the disk's: each
/// statement creates files, and CREATE INDEX syncs its new file, so it moves by seconds between identical runs and
/// hides what the tools themselves differ by. An apply's wall time less this is the tool's own time: its client
/// work, round trips, bookkeeping statements and commits (docs/benchmarks.md, "Peers").
/// </summary>
internal sealed class StatementTimes
{
    /// <summary>Loads the module at start (it cannot be loaded later) with room for two applies' distinct statements.</summary>
    public static readonly IReadOnlyList<string> ServerSettings =
        ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.max=10000", "pg_stat_statements.track=top"];

    private readonly string _adminConnectionString;

    private StatementTimes(string adminConnectionString) => _adminConnectionString = adminConnectionString;

    /// <summary>Null when the server does not have the module loaded (a server named by MIGRATIONCHAIN_TEST_POSTGRES, say).</summary>
    public static async Task<StatementTimes?> TryStartAsync(string adminConnectionString)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var loaded = new NpgsqlCommand("SELECT 'pg_stat_statements' = ANY(string_to_array(current_setting('shared_preload_libraries'), ', '))", connection);
        if (!(bool)(await loaded.ExecuteScalarAsync())!)
        {
            Console.Error.WriteLine("pg_stat_statements is not loaded on this server: the apply's own time (a') is not measured.");
            return null;
        }

        await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
        await create.ExecuteNonQueryAsync();
        return new StatementTimes(adminConnectionString);
    }

    /// <summary>Forgets every statement so far; called before each apply, so no entry is evicted during one.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var reset = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await reset.ExecuteNonQueryAsync();
    }

    /// <summary>The server's execution time of the migrations' CREATE TABLE t_i and CREATE INDEX ix_i in one database, and how many ran.</summary>
    public async Task<(double Milliseconds, long Statements)> MigrationDdlAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(sum(s.total_exec_time), 0), coalesce(sum(s.calls), 0)::bigint
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = $1 AND s.query ~ '^CREATE (TABLE t_[0-9]+ |INDEX ix_[0-9]+ ON t_[0-9]+)'
            """,
            connection);
        command.Parameters.AddWithValue(database!);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDouble(0), reader.GetInt64(1));
    }
}
