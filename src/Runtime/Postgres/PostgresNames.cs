using System;
using System.Text;

namespace MigrationChain.Postgres;

/// <summary>Quoting for PostgreSQL identifiers and literals: names and values never reach SQL unescaped.</summary>
internal static class PostgresNames
{
    /// <summary>PostgreSQL silently truncates longer identifiers (NAMEDATALEN - 1 bytes).</summary>
    private const int MaxIdentifierBytes = 63;

    /// <summary>Always quotes, so case and reserved words survive exactly as configured.</summary>
    public static string Quote(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"The {what} cannot be empty.", nameof(name));
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {what} '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character, which PostgreSQL names cannot hold.", nameof(name));
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            // A truncated name would still work in SQL but never match the catalog lookups, which compare values.
            throw new ArgumentException(
                $"The {what} '{name}' is longer than PostgreSQL's {MaxIdentifierBytes}-byte limit for names, so the server would truncate it. Choose a shorter one.",
                nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A string literal for offline scripts (standard_conforming_strings, on since PostgreSQL 9.1).</summary>
    public static string Literal(string? value) =>
        value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
