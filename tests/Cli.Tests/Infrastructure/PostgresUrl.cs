using Npgsql;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>The fixture's databases as the URLs a user would type.</summary>
internal static class PostgresUrl
{
    /// <summary>The password put in every URL: the test cluster trusts loopback, so it is never checked, only masked.</summary>
    public const string Password = "Tr0ub4dor-and-3";

    public static string From(string connectionString, string scheme = "postgresql", string? password = Password)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var credentials = password is null ? builder.Username : $"{builder.Username}:{Uri.EscapeDataString(password)}";
        return $"{scheme}://{credentials}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public static List<string> Recorded(string connectionString, string table = "migration_history")
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT revision FROM {table} ORDER BY revision", connection);
        using var reader = command.ExecuteReader();
        var revisions = new List<string>();
        while (reader.Read())
        {
            revisions.Add(reader.GetString(0));
        }

        return revisions;
    }
}
