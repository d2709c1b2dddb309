using System;
using System.Collections.Generic;
using System.Text;

namespace MigrationChain.Sql;

/// <summary>
/// A table, index or column name as a statement writes it (<c>t</c>, <c>public."My Table"</c>, <c>[x]</c>), with a key
/// that compares names loosely: quotes removed, case folded, and the default schema (<c>public</c> on PostgreSQL,
/// <c>main</c> on SQLite) dropped, so <c>public.T</c>, <c>"t"</c> and <c>t</c> are one table.
/// </summary>
internal sealed class SqlName : IEquatable<SqlName>
{
    private SqlName(string text, string plain, string key, int start, int end, string? qualifier = null)
    {
        Qualifier = qualifier;
        Text = text;
        Plain = plain;
        Key = key;
        Start = start;
        End = end;
    }

    /// <summary>The name exactly as written in the SQL.</summary>
    public string Text { get; }

    /// <summary>Everything before the last part as written (<c>s</c> in <c>s.t</c>), or null for an unqualified name.</summary>
    public string? Qualifier { get; }

    /// <summary>The parts without quotes, joined by dots: what <c>MigrationBuilder.TableExists</c> takes.</summary>
    public string Plain { get; }

    /// <summary>What two names must share to be the same object.</summary>
    public string Key { get; }

    /// <summary>Offset of the name in the SQL text (-1 for a name that did not come from SQL).</summary>
    public int Start { get; }

    /// <summary>Offset just past the name in the SQL text.</summary>
    public int End { get; }

    /// <summary>
    /// Reads a name written in code rather than SQL, such as the argument of <c>TableExists("s.t")</c>: dots separate
    /// parts, nothing is quoted. Null for an empty name.
    /// </summary>
    public static SqlName? FromPlain(string? name, SqlDialect dialect)
    {
        if (name is null || name.Trim().Length == 0)
        {
            return null;
        }

        var plain = name.Trim();
        var parts = plain.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim();
        }

        var lastDot = plain.LastIndexOf('.');
        return new SqlName(plain, plain, KeyOf(parts, dialect), -1, -1, lastDot < 0 ? null : plain.Substring(0, lastDot));
    }

    /// <summary>
    /// Reads a possibly qualified name starting at <paramref name="index"/>; on success moves past it. Null when the
    /// token there cannot start a name.
    /// </summary>
    internal static SqlName? Read(string sql, IReadOnlyList<SqlToken> tokens, ref int index, SqlDialect dialect)
    {
        if (index >= tokens.Count || !IsNamePart(tokens[index]))
        {
            return null;
        }

        // Most names are one part: then the plain text is the part, the key the part folded, and nothing is joined.
        if (index + 2 >= tokens.Count || tokens[index + 1].Kind != SqlTokenKind.Dot || !IsNamePart(tokens[index + 2]))
        {
            var token = tokens[index++];
            var only = Unquote(sql, token);
            return new SqlName(token.Text(sql), only, only.ToLowerInvariant(), token.Start, token.End, null);
        }

        var parts = new List<string> { Unquote(sql, tokens[index]) };
        var start = tokens[index].Start;
        var end = tokens[index].End;
        var qualifierEnd = -1;
        index++;
        while (index + 1 < tokens.Count && tokens[index].Kind == SqlTokenKind.Dot && IsNamePart(tokens[index + 1]))
        {
            qualifierEnd = end;
            parts.Add(Unquote(sql, tokens[index + 1]));
            end = tokens[index + 1].End;
            index += 2;
        }

        var qualifier = qualifierEnd < 0 ? null : sql.Substring(start, qualifierEnd - start);
        return new SqlName(sql.Substring(start, end - start), string.Join(".", parts), KeyOf(parts, dialect), start, end, qualifier);
    }

    public bool Equals(SqlName? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SqlName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Text;

    private static bool IsNamePart(SqlToken token) =>
        token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && token.IsTerminated;

    private static string Unquote(string sql, SqlToken token)
    {
        var text = token.Text(sql);
        if (token.Kind != SqlTokenKind.QuotedIdentifier || text.Length < 2)
        {
            return text;
        }

        var open = text[0];
        var close = open == '[' ? ']' : open;
        var inner = text.Substring(1, text.Length - 2);
        return open == '[' ? inner : inner.Replace(new string(close, 2), new string(close, 1));
    }

    // Case is folded even for quoted PostgreSQL names: two tables whose names differ only in case are rare enough
    // that treating them as one costs less than missing "Users" vs users written by different people.
    private static string KeyOf(IReadOnlyList<string> parts, SqlDialect dialect)
    {
        var defaultSchema = dialect == SqlDialect.Sqlite ? "main" : "public";
        var first = parts.Count > 1 && string.Equals(parts[0], defaultSchema, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        var key = new StringBuilder();
        for (var i = first; i < parts.Count; i++)
        {
            if (key.Length > 0)
            {
                key.Append('.');
            }

            key.Append(parts[i].ToLowerInvariant());
        }

        return key.ToString();
    }
}
