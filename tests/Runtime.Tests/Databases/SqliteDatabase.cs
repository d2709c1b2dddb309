using System.IO;
using Microsoft.Data.Sqlite;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests;

/// <summary>A SQLite file for one test, with helpers to run chains against it and look inside.</summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly TempDirectory _directory = new("mc-sqlite");

    public SqliteDatabase()
    {
        Path = _directory.File("test.db");
        ConnectionString = $"Data Source={Path}";
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public string Folder => _directory.Path;

    /// <summary>A runner over the migration classes nested in <paramref name="chain"/>.</summary>
    public MigrationRunner Runner(Type chain, MigrationRunnerOptions? options = null) =>
        MigrationRunner.ForSqliteTypes(ConnectionString, options ?? new MigrationRunnerOptions(), chain.GetNestedTypes());

    public MigrationRunner Runner(IReadOnlyList<Type> migrations, MigrationRunnerOptions? options = null) =>
        MigrationRunner.ForSqliteTypes(ConnectionString, options ?? new MigrationRunnerOptions(), migrations);

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection($"{ConnectionString};Pooling=False");
        connection.Open();
        return connection;
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public List<string> Strings(string sql)
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

    /// <summary>User tables, sorted (the version table included).</summary>
    public List<string> Tables() =>
        Strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");

    /// <summary>Revisions recorded in the version table, sorted.</summary>
    public List<string> Recorded(string table = "migration_history") =>
        Strings($"SELECT revision FROM \"{table}\" ORDER BY revision");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
