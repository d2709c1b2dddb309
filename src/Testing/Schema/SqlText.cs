using System;
using System.Collections.Generic;
using System.Text;
using MigrationChain.Sql;

namespace MigrationChain.Testing.Schema;

/// <summary>
/// SQL text as SQLite keeps it in its catalog, reduced to what it means: comments and layout dropped, unquoted
/// words and identifiers lower-cased, quotes removed from identifiers. SQLite rewrites stored SQL when a table is
/// renamed (quoting the new name), so comparing raw text would report a rebuilt table as changed.
/// </summary>
internal static class SqlText
{
    public static List<string> Tokens(string sql)
    {
        var tokens = new List<string>();
        foreach (var token in SqlLexer.Tokenize(sql, SqlDialect.Sqlite))
        {
            switch (token.Kind)
            {
                case SqlTokenKind.Comment:
                    break;
                case SqlTokenKind.Word:
                    tokens.Add(token.Text(sql).ToLowerInvariant());
                    break;
                case SqlTokenKind.QuotedIdentifier:
                    tokens.Add(Unquote(token.Text(sql)).ToLowerInvariant());
                    break;
                default:
                    tokens.Add(token.Text(sql));
                    break;
            }
        }

        return tokens;
    }

    public static string Normalize(string sql) => Join(Tokens(sql), 0, int.MaxValue);

    /// <summary>The tokens from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive), one space apart.</summary>
    public static string Join(List<string> tokens, int start, int end)
    {
        var text = new StringBuilder();
        string? previous = null;
        for (var i = start; i < Math.Min(end, tokens.Count); i++)
        {
            if (previous is not null && NeedsSpace(previous, tokens[i]))
            {
                text.Append(' ');
            }

            text.Append(tokens[i]);
            previous = tokens[i];
        }

        return text.ToString();
    }

    // Readable and still unambiguous: "(qty >= 0)", "f (a, b)", "t.c", with no space the SQL did not need.
    private static bool NeedsSpace(string previous, string next) =>
        previous is not ("(" or ".")
        && next is not (")" or "," or "." or ";")
        && !(IsOperator(previous) && IsOperator(next));

    private static bool IsOperator(string token) =>
        token.Length == 1 && !char.IsLetterOrDigit(token[0]) && token[0] is not ('(' or ')' or ',' or '.' or '_' or '\'' or '"');

    /// <summary>The index just past the parenthesis that closes the one at <paramref name="open"/>.</summary>
    public static int SkipParentheses(List<string> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i] == "(")
            {
                depth++;
            }
            else if (tokens[i] == ")" && --depth == 0)
            {
                return i + 1;
            }
        }

        return tokens.Count;
    }

    private static string Unquote(string quoted)
    {
        if (quoted.Length < 2)
        {
            return quoted;
        }

        var inner = quoted.Substring(1, quoted.Length - 2);
        return quoted[0] switch
        {
            '"' => inner.Replace("\"\"", "\"", StringComparison.Ordinal),
            '`' => inner.Replace("``", "`", StringComparison.Ordinal),
            _ => inner,
        };
    }
}
