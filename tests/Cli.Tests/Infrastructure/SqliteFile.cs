using Microsoft.Data.Sqlite;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>Looks inside a SQLite file the tool migrated, or prepares one the way a user's database might be.</summary>
internal sealed class SqliteFile
{
    public SqliteFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The URL form the tool takes, with four slashes for the absolute path.</summary>
    public string Url => "sqlite:///" + Path;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
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

    public List<string> Recorded() => Strings("SELECT revision FROM migration_history ORDER BY revision");

    public List<string> Tables() =>
        Strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migration_history' ORDER BY name");
}
