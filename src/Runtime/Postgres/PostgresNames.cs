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

    /// <summary>
    /// Refuses a name the server could not parse as an identifier chain (<c>table</c>, <c>schema.table</c>,
    /// <c>"Mixed Case"</c>), before it reaches a guard query, whose error would abort the migration's transaction.
    /// </summary>
    public static void RequireReference(string name, int maxParts, string what)
    {
        var parts = 0;
        var position = 0;
        while (true)
        {
            if (!SkipIdentifier(name, ref position))
            {
                break;
            }

            parts++;
            if (position == name.Length && parts <= maxParts)
            {
                return;
            }

            if (position >= name.Length || name[position] != '.')
            {
                break;
            }

            position++;
        }

        throw new ArgumentException(
            $"'{name}' is not a valid {what} name for PostgreSQL. Write it as SQL would: unquoted names are folded to " +
            "lower case; quote names with capitals, spaces or other characters, e.g. \"Mixed Case\", and qualify as schema.table.",
            nameof(name));
    }

    /// <summary>A string literal for offline scripts (standard_conforming_strings, on since PostgreSQL 9.1).</summary>
    public static string Literal(string? value) =>
        value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static bool SkipIdentifier(string name, ref int position)
    {
        if (position >= name.Length)
        {
            return false;
        }

        if (name[position] == '"')
        {
            var start = ++position;
            while (position < name.Length)
            {
                if (name[position] == '"')
                {
                    if (position + 1 < name.Length && name[position + 1] == '"')
                    {
                        position += 2;
                        continue;
                    }

                    position++;
                    return position - start > 1;
                }

                position++;
            }

            return false;
        }

        if (!char.IsLetter(name[position]) && name[position] != '_')
        {
            return false;
        }

        position++;
        while (position < name.Length && (char.IsLetterOrDigit(name[position]) || name[position] is '_' or '$'))
        {
            position++;
        }

        return true;
    }
}
