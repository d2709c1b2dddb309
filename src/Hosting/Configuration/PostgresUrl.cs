using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;

namespace MigrationChain.Hosting.Configuration;

/// <summary>
/// Turns a PostgreSQL URL (<c>postgres://user:password@host:port/database?sslmode=require</c>, the form platforms
/// hand out as DATABASE_URL) into an Npgsql connection string. Errors never repeat the URL: it may hold a password.
/// </summary>
internal static class PostgresUrl
{
    // libpq's query parameter names that Npgsql spells differently.
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
    };

    public static bool IsUrl(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.DnsSafeHost.Length == 0)
        {
            throw new InvalidOperationException(
                "MigrationChain: the PostgreSQL URL is malformed; expected postgres://user:password@host:port/database?sslmode=require " +
                "(the URL itself is not shown because it may hold a password).");
        }

        var builder = new DbConnectionStringBuilder { ["Host"] = uri.DnsSafeHost };
        if (uri.Port > 0)
        {
            builder["Port"] = uri.Port.ToString(CultureInfo.InvariantCulture);
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder["Username"] = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder["Password"] = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0)
        {
            builder["Database"] = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (string.Equals(key, "sslmode", StringComparison.OrdinalIgnoreCase))
            {
                // libpq's verify-ca and verify-full are Npgsql's VerifyCA and VerifyFull.
                value = value.Replace("-", string.Empty, StringComparison.Ordinal);
            }

            builder[Keywords.TryGetValue(key, out var keyword) ? keyword : key] = value;
        }

        return builder.ConnectionString;
    }
}
