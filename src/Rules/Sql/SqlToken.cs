using System;

namespace MigrationChain.Sql;

/// <summary>A token: a kind and a span of the source text (the text itself is only cut out on request).</summary>
internal readonly struct SqlToken
{
    public SqlToken(SqlTokenKind kind, int start, int length, bool terminated = true)
    {
        Kind = kind;
        Start = start;
        Length = length;
        IsTerminated = terminated;
    }

    public SqlTokenKind Kind { get; }

    public int Start { get; }

    public int Length { get; }

    public int End => Start + Length;

    /// <summary>False for a string, quoted identifier or block comment that the text ends inside.</summary>
    public bool IsTerminated { get; }

    public string Text(string sql) => sql.Substring(Start, Length);

    /// <summary>True when this is the unquoted word <paramref name="keyword"/>, in any case.</summary>
    public bool IsKeyword(string sql, string keyword) =>
        Kind == SqlTokenKind.Word
        && Length == keyword.Length
        && string.Compare(sql, Start, keyword, 0, Length, StringComparison.OrdinalIgnoreCase) == 0;
}
