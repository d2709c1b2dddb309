using System;
using System.Data.Common;
using System.IO;
using Microsoft.Extensions.Configuration;

namespace MigrationChain.Hosting.Configuration;

/// <summary>
/// The database the options point at: its kind, the connection string the runner gets, and a description for
/// logs and messages that never contains a password.
/// </summary>
internal sealed record DatabaseConnection(MigrationProvider Provider, string ConnectionString, string Description)
{
    public static DatabaseConnection Resolve(MigrationChainOptions options, IConfiguration? configuration)
    {
        var text = Text(options, configuration);
        if (PostgresUrl.IsUrl(text))
        {
            if (options.Provider == MigrationProvider.Sqlite)
            {
                throw Problem("the connection is a postgres:// URL but Provider is Sqlite.");
            }

            text = PostgresUrl.ToConnectionString(text);
        }

        var keys = Parse(text);
        var provider = options.Provider ?? Infer(keys);
        return new DatabaseConnection(provider, text, Describe(provider, keys));
    }

    private static string Text(MigrationChainOptions options, IConfiguration? configuration)
    {
        var hasString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasName = !string.IsNullOrWhiteSpace(options.ConnectionStringName);
        if (hasString && hasName)
        {
            throw Problem("set ConnectionString or ConnectionStringName, not both.");
        }

        if (hasString)
        {
            return options.ConnectionString!;
        }

        if (!hasName)
        {
            throw Problem("no database: set ConnectionString (a connection string or postgres:// URL) or ConnectionStringName.");
        }

        var name = options.ConnectionStringName!;
        if (configuration is null)
        {
            throw Problem($"ConnectionStringName is '{name}', but the host has no IConfiguration to look it up in.");
        }

        var found = configuration.GetConnectionString(name);
        return string.IsNullOrWhiteSpace(found)
            ? throw Problem($"the configuration has no connection string named '{name}' (ConnectionStrings:{name}).")
            : found;
    }

    private static DbConnectionStringBuilder Parse(string text)
    {
        try
        {
            return new DbConnectionStringBuilder { ConnectionString = text };
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the text, which may hold a password.
            throw Problem("the connection string is malformed: expected key=value pairs separated by ';' or a postgres:// URL " +
                "(it is not shown because it may hold a password).");
        }
    }

    private static MigrationProvider Infer(DbConnectionStringBuilder keys)
    {
        if (keys.ContainsKey("Host") || keys.ContainsKey("Server"))
        {
            return MigrationProvider.Postgres;
        }

        if (keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename"))
        {
            return MigrationProvider.Sqlite;
        }

        throw Problem("cannot tell the database kind from the connection string (no Host, Server or Data Source key); set Provider.");
    }

    private static string Describe(MigrationProvider provider, DbConnectionStringBuilder keys)
    {
        if (provider == MigrationProvider.Sqlite)
        {
            var file = Value(keys, "Data Source", "DataSource", "Filename") ?? string.Empty;
            return file.Length == 0 || file == ":memory:" ? "the in-memory SQLite database" : $"SQLite database '{Path.GetFullPath(file)}'";
        }

        var host = Value(keys, "Host", "Server") ?? "localhost";
        var port = Value(keys, "Port") ?? "5432";
        var database = Value(keys, "Database", "DB") ?? Value(keys, "Username", "User Name", "User Id", "UserId", "User") ?? "postgres";
        return $"PostgreSQL database '{database}' on {host}:{port}";
    }

    private static string? Value(DbConnectionStringBuilder keys, params string[] names)
    {
        foreach (var name in names)
        {
            if (keys.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private static InvalidOperationException Problem(string what) => new($"MigrationChain: {what}");
}
