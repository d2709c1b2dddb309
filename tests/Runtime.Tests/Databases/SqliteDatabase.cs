using Microsoft.Data.Sqlite;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests;

/// <summary>A SQLite file for one test, with helpers to run chains against it and look inside.</summary>
public sealed class SqliteDatabase : TestDatabase, IDisposable
{
    private readonly TempDirectory _directory = new("mc-sqlite");

    public SqliteDatabase()
    {
        Path = _directory.File("test.db");
        ConnectionString = $"Data Source={Path}";
    }

    public string Path { get; }

    public override string ConnectionString { get; }

    public override string MissingTableError => "no such table: no_such_table";

    public string Folder => _directory.Path;

    public override MigrationRunner Runner(IReadOnlyList<Type> migrations, MigrationRunnerOptions? options = null) =>
        MigrationRunner.ForSqliteTypes(ConnectionString, options ?? new MigrationRunnerOptions(), migrations);

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection($"{ConnectionString};Pooling=False");
        connection.Open();
        return connection;
    }

    public override void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public override List<string> Strings(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public override List<string> Tables() =>
        Strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");

    public override bool HasColumn(string table, string column) =>
        (long)Scalar($"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'")! == 1;

    public override List<string> Schema() =>
        Strings("SELECT sql FROM sqlite_master WHERE name <> 'migration_history' AND sql IS NOT NULL ORDER BY name");

    public override void Record(string revision, string parents = "") =>
        Execute($"INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('{revision}', '{parents}', 'applied', '2026-01-01T00:00:00.0000000Z', 1)");

    /// <summary>Microsoft.Data.Sqlite runs a multi-statement text statement by statement and stops at the first error, like sqlite3 -bail.</summary>
    public override void RunScript(string script) => Execute(script);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
