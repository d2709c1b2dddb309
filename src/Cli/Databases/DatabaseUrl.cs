using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Linq;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Databases;

/// <summary>
/// Reads a database named on the command line: a URL as SQLAlchemy and Alembic write them (<c>sqlite:///rel.db</c>,
/// <c>sqlite:////abs.db</c>, <c>postgresql://user:pass@host:5432/db</c>, <c>postgres://...</c>, with an optional
/// <c>+driver</c>) or a native connection string (<c>Data Source=app.db</c>, <c>Host=...;Username=...</c>).
/// Every password is handed to the redactor before anything can fail and echo it.
/// </summary>
internal static class DatabaseUrl
{
    public const string EnvironmentVariable = "MIGRATIONCHAIN_DATABASE_URL";

    /// <summary>The PostgreSQL URL parameter naming a tenant's schema: <c>postgresql://host/db?schema=tenant_1</c>.</summary>
    public const string SchemaParameter = "schema";

    private static readonly string[] Schemes = { "sqlite", "postgresql", "postgres" };

    private const string Examples = "sqlite:///relative/path.db, sqlite:////absolute/path.db, postgresql://user:password@host:5432/database, or a connection string such as 'Data Source=app.db'";

    // libpq's query parameters and their Npgsql names; anything else is passed to Npgsql as written.
    private static readonly Dictionary<string, string> PostgresParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["user"] = "Username",
        ["password"] = "Password",
        ["host"] = "Host",
        ["port"] = "Port",
        ["dbname"] = "Database",
    };

    public static DatabaseAddress Parse(string text, Redactor redactor, string baseDirectory)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            throw Bad("The database is empty.");
        }

        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator > 0 && value[..separator].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-'))
        {
            var scheme = value[..separator].ToLowerInvariant();
            var driverless = scheme.Split('+')[0];
            var rest = value[(separator + 3)..];
            return driverless switch
            {
                "sqlite" => Sqlite(rest, baseDirectory),
                "postgresql" or "postgres" => Postgres(rest, redactor),
                _ => throw Bad($"'{scheme}://' is not a database MigrationChain supports (SQLite and PostgreSQL)." +
                    (NearestName.Find(driverless, Schemes) is { } nearest ? $" Did you mean '{nearest}://'?" : string.Empty)),
            };
        }

        if (value.Contains('=', StringComparison.Ordinal))
        {
            return Native(value, redactor, baseDirectory);
        }

        throw Bad($"'{value}' is neither a database URL nor a connection string.",
            value.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase)
                ? $"For a SQLite file write sqlite:///{value.Replace('\\', '/')}"
                : $"Use one of: {Examples}.");
    }

    private static DatabaseAddress Sqlite(string rest, string baseDirectory)
    {
        if (rest.Contains('?', StringComparison.Ordinal))
        {
            throw Bad("SQLite URLs take no query parameters.", "Use a connection string (e.g. 'Data Source=app.db;Mode=ReadWriteCreate') for driver settings.");
        }

        if (!rest.StartsWith('/'))
        {
            throw Bad(rest.Length == 0
                    ? "'sqlite://' names no file (an in-memory database would not outlive the command)."
                    : $"'sqlite://{rest}' has a host part; SQLite URLs have none.",
                "Write sqlite:///relative/path.db (three slashes) or sqlite:////absolute/path.db (four).");
        }

        var path = Uri.UnescapeDataString(rest[1..]);
        if (path.Length == 0 || path == ":memory:")
        {
            throw Bad("An in-memory SQLite database would not outlive the command.", "Name a file: sqlite:///app.db");
        }

        return SqliteFile(path, null, baseDirectory);
    }

    /// <summary>A SQLite file given by its path (a fleet's glob match).</summary>
    public static DatabaseAddress ForSqliteFile(string path, string baseDirectory) => SqliteFile(path, null, baseDirectory);

    private static DatabaseAddress SqliteFile(string path, DbConnectionStringBuilder? settings, string baseDirectory)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw Bad($"The folder of the SQLite database '{full}' does not exist.");
        }

        var builder = settings ?? new DbConnectionStringBuilder();
        builder["Data Source"] = full;
        if (!builder.ContainsKey("Pooling"))
        {
            // A pooled connection keeps the file open until the process ends; fleets open hundreds.
            builder["Pooling"] = "False";
        }

        return new DatabaseAddress(DatabaseKind.Sqlite, builder.ConnectionString, DisplayPath.Of(full, baseDirectory), full);
    }

    private static DatabaseAddress Postgres(string rest, Redactor redactor)
    {
        var query = string.Empty;
        var questionMark = rest.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }

        var slash = rest.IndexOf('/', rest.LastIndexOf('@') + 1);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var database = slash >= 0 ? Uri.UnescapeDataString(rest[(slash + 1)..]) : string.Empty;

        // The last '@' ends the user information, so an unescaped '@' inside a password still parses.
        var at = authority.LastIndexOf('@');
        var userInfo = at >= 0 ? authority[..at] : string.Empty;
        var hostPart = at >= 0 ? authority[(at + 1)..] : authority;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
        var password = colon >= 0 ? Uri.UnescapeDataString(userInfo[(colon + 1)..]) : null;
        redactor.Add(password);
        if (colon >= 0)
        {
            redactor.Add(userInfo[(colon + 1)..]);
        }

        var builder = new DbConnectionStringBuilder();
        var (host, port) = HostAndPort(hostPart);
        builder["Host"] = host;
        if (port is not null)
        {
            builder["Port"] = port;
        }

        if (user.Length > 0)
        {
            builder["Username"] = user;
        }

        if (password is not null)
        {
            builder["Password"] = password;
        }

        if (database.Length > 0)
        {
            builder["Database"] = database;
        }

        var typedNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? schema = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals >= 0 ? pair[..equals] : pair);
            var setting = Uri.UnescapeDataString(equals >= 0 ? pair[(equals + 1)..] : string.Empty);
            if (key.Equals(SchemaParameter, StringComparison.OrdinalIgnoreCase))
            {
                // MigrationChain's own parameter, not the driver's: the tenant's schema, as --schemas makes them.
                schema = setting;
                continue;
            }

            var name = PostgresParameters.TryGetValue(key, out var mapped) ? mapped : key;
            if (name == "Password")
            {
                redactor.Add(setting);
            }

            if (name == "SSL Mode")
            {
                // libpq writes verify-ca and verify-full; Npgsql's names have no hyphen.
                setting = setting.Replace("-", string.Empty, StringComparison.Ordinal);
            }

            builder[name] = setting;
            typedNames[name] = key;
        }

        ConnectionKeys.CheckPostgres(builder, typedNames);
        var address = PostgresAddress(builder);
        return schema is null ? address : InSchema(address, schema);
    }

    /// <summary>A tenant's schema in a PostgreSQL database: its own target, shown and keyed with <c>?schema=</c>.</summary>
    public static DatabaseAddress InSchema(DatabaseAddress database, string schema)
    {
        try
        {
            MigrationChain.Postgres.PostgresNames.Quote(schema, "schema");
        }
        catch (ArgumentException e)
        {
            throw Bad(e.Message.Split(" (Parameter", 2)[0], "Name an existing schema, or one the upgrade may create, of at most 63 bytes.");
        }

        var suffix = "?" + SchemaParameter + "=" + Uri.EscapeDataString(schema);
        return database with { Schema = schema, Display = database.Display + suffix, StableKey = database.StableKey + suffix };
    }

    private static (string Host, string? Port) HostAndPort(string hostPart)
    {
        if (hostPart.Length == 0)
        {
            throw Bad("The PostgreSQL URL names no host.", "Write postgresql://user:password@host:5432/database");
        }

        // Several hosts (h1:5432,h2:5433) go to Npgsql as they are; it reads the ports itself.
        if (hostPart.Contains(',', StringComparison.Ordinal))
        {
            return (hostPart, null);
        }

        var closingBracket = hostPart.LastIndexOf(']');
        var colon = hostPart.LastIndexOf(':');
        if (colon < 0 || colon < closingBracket)
        {
            return (hostPart.Trim('[', ']'), null);
        }

        var port = hostPart[(colon + 1)..];
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw Bad($"The port '{port}' is not a number from 1 to 65535.");
        }

        return (hostPart[..colon].Trim('[', ']'), port);
    }

    private static DatabaseAddress Native(string text, Redactor redactor, string baseDirectory)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = text;
        }
        catch (ArgumentException e)
        {
            throw Bad($"The connection string cannot be read: {e.Message}", $"Use one of: {Examples}.");
        }

        foreach (var key in new[] { "Password", "Pwd" })
        {
            if (builder.TryGetValue(key, out var secret))
            {
                redactor.Add(Convert.ToString(secret, CultureInfo.InvariantCulture));
            }
        }

        if (Has(builder, "Host", "Server"))
        {
            ConnectionKeys.CheckPostgres(builder);
            return PostgresAddress(builder);
        }

        var dataSource = Value(builder, "Data Source", "DataSource", "Filename");
        if (dataSource is not null)
        {
            ConnectionKeys.CheckSqlite(builder);
            foreach (var key in new[] { "DataSource", "Filename" })
            {
                builder.Remove(key);
            }

            return SqliteFile(dataSource, builder, baseDirectory);
        }

        throw Bad("The connection string names neither a SQLite file (Data Source=...) nor a PostgreSQL host (Host=...).");
    }

    private static DatabaseAddress PostgresAddress(DbConnectionStringBuilder builder)
    {
        if (!Has(builder, "Application Name", "ApplicationName"))
        {
            // Shown by pg_stat_activity, and so in the lock-holder message another runner prints: say which machine
            // and process to wait for.
            var name = $"mchain {Environment.MachineName} pid {Environment.ProcessId}";
            builder["Application Name"] = name.Length <= 63 ? name : name[..63];
        }

        var host = Value(builder, "Host", "Server") ?? "localhost";
        var port = Value(builder, "Port");
        var user = Value(builder, "Username", "User Name", "User ID", "UserId", "User");
        var database = Value(builder, "Database", "DB");
        var display = $"postgresql://{(user is null ? string.Empty : user + "@")}{host}{(port is null ? string.Empty : ":" + port)}/{database}";
        var key = $"postgresql://{host.ToLowerInvariant()}:{port ?? "5432"}/{database}";
        return new DatabaseAddress(DatabaseKind.Postgres, builder.ConnectionString, display, null) { StableKey = key };
    }

    private static bool Has(DbConnectionStringBuilder builder, params string[] keys) => Value(builder, keys) is not null;

    private static string? Value(DbConnectionStringBuilder builder, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (builder.TryGetValue(key, out var value) && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private static CliException Bad(string message, string? whatToDo = null) =>
        new(ExitCodes.Usage, "Bad database: " + message, whatToDo ?? $"Use one of: {Examples}.");
}
