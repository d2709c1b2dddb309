using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using Microsoft.Data.Sqlite;
using MigrationChain.Cli.Errors;
using Npgsql;

namespace MigrationChain.Cli.Databases;

/// <summary>
/// Checks every key and value of a connection string against the driver that will get it, before anything connects:
/// a misspelt key (<c>Pasword=</c>) or value (<c>sslmode=bogus</c>) is a bad URL (exit 2) naming the key and the
/// nearest valid one, not a driver error at run time.
/// </summary>
internal static class ConnectionKeys
{
    /// <param name="settings">The connection string's settings.</param>
    /// <param name="urlNames">For a URL: the query parameter each driver key came from, so errors use the name the user typed.</param>
    public static void CheckPostgres(DbConnectionStringBuilder settings, IReadOnlyDictionary<string, string>? urlNames = null)
    {
        var driver = new NpgsqlConnectionStringBuilder();
        var known = DisplayNames(driver).Concat(urlNames is { Count: > 0 } ? LibpqNames : Array.Empty<string>()).ToList();
        foreach (var key in settings.Keys.Cast<string>())
        {
            var value = Convert.ToString(settings[key], CultureInfo.InvariantCulture) ?? string.Empty;
            var typed = urlNames is not null && urlNames.TryGetValue(key, out var original) ? original : key;
            if (!driver.ContainsKey(key))
            {
                throw Unknown(typed, known, "PostgreSQL");
            }

            try
            {
                driver[key] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                throw BadValue(typed, value, ValuesOf(driver, key));
            }
        }
    }

    public static void CheckSqlite(DbConnectionStringBuilder settings)
    {
        var driver = new SqliteConnectionStringBuilder();
        var known = driver.Keys.Cast<object>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)!).ToList();
        foreach (var key in settings.Keys.Cast<string>())
        {
            if (!driver.ContainsKey(key))
            {
                throw Unknown(key, known, "SQLite");
            }

            var value = Convert.ToString(settings[key], CultureInfo.InvariantCulture) ?? string.Empty;
            try
            {
                driver[key] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                throw BadValue(key, value, ValuesOf(driver, key));
            }
        }
    }

    /// <summary>libpq's query parameter names, which a postgresql:// URL takes besides Npgsql's own keys.</summary>
    public static IReadOnlyList<string> LibpqNames { get; } = new[]
    {
        "sslmode", "application_name", "connect_timeout", "options", "target_session_attrs", "sslrootcert", "sslcert",
        "sslkey", "user", "password", "host", "port", "dbname",
    };

    /// <summary>The keys a driver's builder takes, as its documentation spells them (its properties' display names).</summary>
    private static IEnumerable<string> DisplayNames(DbConnectionStringBuilder driver) =>
        Properties(driver).Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<(string Name, Type Type)> Properties(DbConnectionStringBuilder driver) =>
        driver.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .Select(p => (Name: p.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName ?? p.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .Select(p => (p.Name!, p.PropertyType));

    private static CliException Unknown(string key, IReadOnlyList<string> known, string driver) =>
        new(ExitCodes.Usage,
            $"Bad database: the connection string has a key '{key}' that {driver} does not know.{NearestName.Suggestion(key, known)}",
            $"Valid keys include: {string.Join(", ", known.Take(12))} ...");

    private static CliException BadValue(string key, string value, IReadOnlyList<string> values)
    {
        var nearest = values.Count > 0 ? NearestName.Suggestion(value, values) : string.Empty;
        return new CliException(ExitCodes.Usage,
            $"Bad database: '{value}' is not a valid value for '{key}'.{nearest}",
            values.Count > 0 ? $"'{key}' takes one of: {string.Join(", ", values)}." : $"Check the value of '{key}'.");
    }

    /// <summary>The values an enum-typed key takes (sslmode, Mode, Cache ...), in the spelling the user would write.</summary>
    private static IReadOnlyList<string> ValuesOf(DbConnectionStringBuilder driver, string key)
    {
        var type = Properties(driver)
            .Where(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)
                || string.Equals(p.Name.Replace(" ", string.Empty, StringComparison.Ordinal), key.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            .Select(p => Nullable.GetUnderlyingType(p.Type) ?? p.Type)
            .FirstOrDefault();
        if (type == typeof(bool))
        {
            return new[] { "true", "false" };
        }

        // libpq's spelling of Npgsql's VerifyCA and VerifyFull, as a postgresql:// URL takes them.
        return type is { IsEnum: true }
            ? Enum.GetNames(type).Select(n => n.ToLowerInvariant().Replace("verify", "verify-", StringComparison.Ordinal)).ToList()
            : Array.Empty<string>();
    }
}
