using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MigrationChain.Testing.Schema;

/// <summary>
/// SQLite's schema from <c>sqlite_master</c> and the table-valued pragmas: tables (with WITHOUT ROWID and STRICT),
/// columns (declared type, nullability, default, primary-key position), indexes, unique and primary keys, foreign
/// keys, CHECK constraints (SQLite keeps those only in the CREATE TABLE text), views and triggers. Column order is
/// not compared: a downgrade that re-adds a column can only append it. Names compare as SQLite compares them,
/// without regard to ASCII case.
/// </summary>
internal sealed class SqliteSchemaReader : SchemaReader
{
    private readonly string _connectionString;
    private readonly string _versionTable;

    public SqliteSchemaReader(string connectionString, string versionTable)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        _connectionString = builder.ToString();
        _versionTable = versionTable;
        Description = builder.DataSource.Length == 0 || builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:"
            ? "the in-memory SQLite database"
            : $"SQLite database '{Path.GetFullPath(builder.DataSource)}'";
    }

    public override string Description { get; }

    public override async Task<SchemaSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var objects = new List<KeyValuePair<string, string>>();
            var entries = await RowsAsync(connection,
                "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
                cancellationToken).ConfigureAwait(false);

            foreach (var entry in entries)
            {
                var (type, name, table, sql) = (entry[0], entry[1], entry[2], entry[3]);
                if (IsVersionTable(table))
                {
                    continue;
                }

                switch (type)
                {
                    case "table":
                        await ReadTableAsync(connection, name, sql, objects, cancellationToken).ConfigureAwait(false);
                        break;
                    case "view":
                        objects.Add(Item($"view {Q(name)}", Body(sql)));
                        break;
                    case "trigger":
                        objects.Add(Item($"trigger {Q(name)} on {Q(table)}", SqlText.Normalize(sql)));
                        break;

                    // Indexes are read per table, where the pragmas say which ones constraints created.
                }
            }

            return new SchemaSnapshot(objects);
        }
    }

    private bool IsVersionTable(string table) => string.Equals(table, _versionTable, StringComparison.OrdinalIgnoreCase);

    private static async Task ReadTableAsync(SqliteConnection connection, string table, string sql, List<KeyValuePair<string, string>> objects, CancellationToken cancellationToken)
    {
        var kind = await RowsAsync(connection, "SELECT wr, strict FROM pragma_table_list($name) WHERE schema = 'main'", cancellationToken, table).ConfigureAwait(false);
        var flags = kind.Count == 0 ? string.Empty : string.Join(" ", new[] { kind[0][0] == "1" ? "WITHOUT ROWID" : null, kind[0][1] == "1" ? "STRICT" : null }.Where(f => f is not null));
        objects.Add(Item($"table {Q(table)}", flags));

        var primaryKey = new SortedList<int, string>();
        foreach (var column in await RowsAsync(connection,
            "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo($name)", cancellationToken, table).ConfigureAwait(false))
        {
            var definition = (column[1].Length == 0 ? "(no type)" : column[1].ToUpperInvariant())
                + (column[2] == "1" ? " NOT NULL" : " NULL")
                + (column[3] is { Length: > 0 } value ? " DEFAULT " + SqlText.Normalize(value) : string.Empty)
                + (column[5] is "2" or "3" ? " GENERATED" : string.Empty);
            objects.Add(Item($"column {Q(table)}.{Q(column[0])}", definition));
            if (int.TryParse(column[4], out var position) && position > 0)
            {
                primaryKey[position] = Q(column[0]);
            }
        }

        if (primaryKey.Count > 0)
        {
            objects.Add(Item($"primary key on {Q(table)}", "(" + string.Join(", ", primaryKey.Values) + ")"));
        }

        foreach (var index in await RowsAsync(connection,
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list($name)", cancellationToken, table).ConfigureAwait(false))
        {
            var (name, unique, origin) = (index[0], index[1] == "1", index[2]);
            if (origin == "pk")
            {
                continue;
            }

            if (origin == "u")
            {
                var columns = await IndexColumnsAsync(connection, name, cancellationToken).ConfigureAwait(false);
                objects.Add(Item($"unique constraint on {Q(table)} {columns}", string.Empty));
                continue;
            }

            var indexSql = await ScalarAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $name", name, cancellationToken).ConfigureAwait(false);
            objects.Add(Item($"index {Q(name)} on {Q(table)}", (unique ? "UNIQUE " : string.Empty) + IndexBody(indexSql)));
        }

        var foreignKeys = await RowsAsync(connection,
            "SELECT id, \"table\", \"from\", coalesce(\"to\", ''), on_update, on_delete, \"match\" FROM pragma_foreign_key_list($name) ORDER BY id, seq",
            cancellationToken, table).ConfigureAwait(false);
        foreach (var key in foreignKeys.GroupBy(k => k[0]))
        {
            var first = key.First();
            var from = string.Join(", ", key.Select(k => Q(k[2])));
            var to = string.Join(", ", key.Select(k => k[3].Length == 0 ? "(primary key)" : Q(k[3])));
            objects.Add(Item(
                $"foreign key on {Q(table)} ({from}) references {Q(first[1])} ({to})",
                $"ON UPDATE {first[4]} ON DELETE {first[5]}" + (first[6] == "NONE" ? string.Empty : $" MATCH {first[6]}")));
        }

        foreach (var check in Checks(sql))
        {
            objects.Add(Item($"check on {Q(table)}: {check}", string.Empty));
        }
    }

    private static async Task<string> IndexColumnsAsync(SqliteConnection connection, string index, CancellationToken cancellationToken)
    {
        var columns = await RowsAsync(connection,
            "SELECT coalesce(name, '(expression)'), \"desc\", coll FROM pragma_index_xinfo($name) WHERE key = 1 ORDER BY seqno",
            cancellationToken, index).ConfigureAwait(false);
        return "(" + string.Join(", ", columns.Select(c =>
            Q(c[0]) + (c[1] == "1" ? " DESC" : string.Empty) + (string.Equals(c[2], "BINARY", StringComparison.OrdinalIgnoreCase) ? string.Empty : " COLLATE " + c[2]))) + ")";
    }

    /// <summary>What follows <c>ON table</c>: the indexed columns or expressions and any WHERE clause.</summary>
    private static string IndexBody(string? sql)
    {
        if (string.IsNullOrEmpty(sql))
        {
            return string.Empty;
        }

        var tokens = SqlText.Tokens(sql);
        var open = tokens.IndexOf("(");
        return open < 0 ? SqlText.Join(tokens, 0, tokens.Count) : SqlText.Join(tokens, open, tokens.Count);
    }

    /// <summary>A view's query: what follows its first AS.</summary>
    private static string Body(string sql)
    {
        var tokens = SqlText.Tokens(sql);
        var at = tokens.IndexOf("as");
        return SqlText.Join(tokens, at < 0 ? 0 : at + 1, tokens.Count);
    }

    /// <summary>Every <c>CHECK (...)</c> in a CREATE TABLE, column-level or table-level, with its constraint name if any.</summary>
    private static IEnumerable<string> Checks(string sql)
    {
        var tokens = SqlText.Tokens(sql);
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i] != "check" || tokens[i + 1] != "(")
            {
                continue;
            }

            var end = SqlText.SkipParentheses(tokens, i + 1);
            var name = i >= 2 && tokens[i - 2] == "constraint" ? $"{tokens[i - 1]} " : string.Empty;
            yield return name + SqlText.Join(tokens, i + 1, end);
            i = end - 1;
        }
    }

    private static KeyValuePair<string, string> Item(string key, string definition) => new(key, definition);

    /// <summary>
    /// A name as SQLite compares it (ASCII case-insensitively, so lower-cased), quoted so a name with spaces or
    /// dots stays unambiguous.
    /// </summary>
    private static string Q(string name) => "\"" + name.ToLowerInvariant().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            command.Parameters.AddWithValue("$name", name);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
    }

    private static async Task<List<string[]>> RowsAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, string? name = null)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            if (name is not null)
            {
                command.Parameters.AddWithValue("$name", name);
            }

            var rows = new List<string[]>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new string[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    }

                    rows.Add(row);
                }
            }

            return rows;
        }
    }
}
