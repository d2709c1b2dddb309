using System;

namespace MigrationChain.Sqlite;

/// <summary>Quoting for SQLite identifiers: names never reach SQL unescaped.</summary>
internal static class SqliteNames
{
    public static string Quote(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A table name cannot be empty.", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Splits <c>schema.table</c>; a name without a dot is in <c>main</c>.</summary>
    public static (string Schema, string Table) Split(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? (name.Substring(0, dot), name.Substring(dot + 1)) : ("main", name);
    }
}
