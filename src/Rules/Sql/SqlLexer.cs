using System.Collections.Generic;

namespace MigrationChain.Sql;

/// <summary>
/// Splits SQL text into tokens the way PostgreSQL and SQLite read it: <c>--</c> and <c>/* */</c> comments (nested on
/// PostgreSQL), <c>'...'</c> with <c>''</c>, <c>E'...'</c> with backslash escapes, dollar quoting <c>$tag$...$tag$</c>,
/// <c>"quoted"</c> identifiers (and SQLite's <c>[x]</c> and <c>`x`</c>), parameters and numbers.
/// Never throws: unterminated strings and comments run to the end of the text and are flagged.
/// </summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string sql, SqlDialect dialect)
    {
        if (string.IsNullOrEmpty(sql))
        {
            return new List<SqlToken>();
        }

        // About one token per five characters in migration SQL: sized once instead of grown by copying.
        var tokens = new List<SqlToken>((sql.Length / 5) + 4);

        var position = 0;
        while (position < sql.Length)
        {
            var c = sql[position];
            if (char.IsWhiteSpace(c))
            {
                position++;
                continue;
            }

            var start = position;
            var kind = Scan(sql, dialect, ref position, out var terminated);
            tokens.Add(new SqlToken(kind, start, position - start, terminated));
        }

        return tokens;
    }

    private static SqlTokenKind Scan(string sql, SqlDialect dialect, ref int position, out bool terminated)
    {
        terminated = true;
        var c = sql[position];
        var next = position + 1 < sql.Length ? sql[position + 1] : '\0';
        switch (c)
        {
            case '-' when next == '-':
                position = LineEnd(sql, position);
                return SqlTokenKind.Comment;
            case '/' when next == '*':
                terminated = SkipBlockComment(sql, ref position, nested: dialect == SqlDialect.Postgres);
                return SqlTokenKind.Comment;
            case '\'':
                terminated = SkipQuoted(sql, ref position, '\'', backslashEscapes: false);
                return SqlTokenKind.String;
            case '"':
                terminated = SkipQuoted(sql, ref position, '"', backslashEscapes: false);
                return SqlTokenKind.QuotedIdentifier;
            case '`' when dialect == SqlDialect.Sqlite:
                terminated = SkipQuoted(sql, ref position, '`', backslashEscapes: false);
                return SqlTokenKind.QuotedIdentifier;
            case '[' when dialect == SqlDialect.Sqlite:
                terminated = SkipUntil(sql, ref position, ']');
                return SqlTokenKind.QuotedIdentifier;
            case ';':
                position++;
                return SqlTokenKind.Semicolon;
            case '(':
                position++;
                return SqlTokenKind.OpenParen;
            case ')':
                position++;
                return SqlTokenKind.CloseParen;
            case ',':
                position++;
                return SqlTokenKind.Comma;
            case '.' when !IsDigit(next):
                position++;
                return SqlTokenKind.Dot;
            case '$':
                return ScanDollar(sql, dialect, ref position, out terminated);
            case '?':
                position++;
                while (position < sql.Length && IsDigit(sql[position]))
                {
                    position++;
                }

                return SqlTokenKind.Parameter;
            case ':' when next == ':':
                position += 2;
                return SqlTokenKind.Operator;
            case ':' or '@' when IsIdentifierStart(next):
                position++;
                SkipIdentifierRest(sql, ref position);
                return SqlTokenKind.Parameter;
        }

        if (IsStringPrefix(sql, position, dialect, out var prefixLength, out var backslashEscapes))
        {
            position += prefixLength;
            terminated = SkipQuoted(sql, ref position, '\'', backslashEscapes);
            return SqlTokenKind.String;
        }

        if (IsDigit(c) || (c == '.' && IsDigit(next)))
        {
            ScanNumber(sql, ref position);
            return SqlTokenKind.Number;
        }

        if (IsIdentifierStart(c))
        {
            position++;
            SkipIdentifierRest(sql, ref position);
            return SqlTokenKind.Word;
        }

        position++;
        return SqlTokenKind.Operator;
    }

    /// <summary>E'..', e'..' (PostgreSQL escapes), X'..' and B'..' (bit and blob literals), N'..', U&amp;'..'.</summary>
    private static bool IsStringPrefix(string sql, int position, SqlDialect dialect, out int length, out bool backslashEscapes)
    {
        length = 0;
        backslashEscapes = false;
        var c = char.ToUpperInvariant(sql[position]);
        var next = position + 1 < sql.Length ? sql[position + 1] : '\0';

        // A prefix only counts when it starts a token: "name'x'" is not E'x'.
        if (position > 0 && IsIdentifierPart(sql[position - 1]))
        {
            return false;
        }

        if (next == '\'' && (c == 'X' || c == 'N' || (dialect == SqlDialect.Postgres && (c == 'E' || c == 'B'))))
        {
            length = 1;
            backslashEscapes = c == 'E';
            return true;
        }

        if (dialect == SqlDialect.Postgres && c == 'U' && next == '&' && position + 2 < sql.Length && sql[position + 2] == '\'')
        {
            length = 2;
            return true;
        }

        return false;
    }

    private static SqlTokenKind ScanDollar(string sql, SqlDialect dialect, ref int position, out bool terminated)
    {
        terminated = true;
        var start = position;
        var cursor = position + 1;
        if (cursor < sql.Length && IsDigit(sql[cursor]))
        {
            while (cursor < sql.Length && IsDigit(sql[cursor]))
            {
                cursor++;
            }

            position = cursor;
            return SqlTokenKind.Parameter;
        }

        if (dialect == SqlDialect.Postgres)
        {
            // $tag$ where tag is empty or an identifier without '$'.
            var tagEnd = cursor;
            if (tagEnd < sql.Length && IsIdentifierStart(sql[tagEnd]))
            {
                tagEnd++;
                while (tagEnd < sql.Length && IsTagPart(sql[tagEnd]))
                {
                    tagEnd++;
                }
            }

            if (tagEnd < sql.Length && sql[tagEnd] == '$')
            {
                var tag = sql.Substring(start, tagEnd - start + 1);
                var close = sql.IndexOf(tag, tagEnd + 1, System.StringComparison.Ordinal);
                if (close < 0)
                {
                    terminated = false;
                    position = sql.Length;
                }
                else
                {
                    position = close + tag.Length;
                }

                return SqlTokenKind.DollarString;
            }
        }

        // SQLite's $name parameters (and a stray '$' anywhere else).
        position = cursor;
        SkipIdentifierRest(sql, ref position);
        return position > cursor ? SqlTokenKind.Parameter : SqlTokenKind.Operator;
    }

    private static void ScanNumber(string sql, ref int position)
    {
        if (sql[position] == '0' && position + 1 < sql.Length && sql[position + 1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            position += 2;
            while (position < sql.Length && (IsDigit(sql[position]) || IsHexDigit(sql[position]) || sql[position] == '_'))
            {
                position++;
            }

            return;
        }

        SkipDigits(sql, ref position);
        if (position < sql.Length && sql[position] == '.')
        {
            position++;
            SkipDigits(sql, ref position);
        }

        if (position < sql.Length && (sql[position] == 'e' || sql[position] == 'E'))
        {
            var exponent = position + 1;
            if (exponent < sql.Length && (sql[exponent] == '+' || sql[exponent] == '-'))
            {
                exponent++;
            }

            if (exponent < sql.Length && IsDigit(sql[exponent]))
            {
                position = exponent;
                SkipDigits(sql, ref position);
            }
        }
    }

    private static void SkipDigits(string sql, ref int position)
    {
        while (position < sql.Length && (IsDigit(sql[position]) || sql[position] == '_'))
        {
            position++;
        }
    }

    private static int LineEnd(string sql, int position)
    {
        var end = sql.IndexOf('\n', position);
        return end < 0 ? sql.Length : end;
    }

    private static bool SkipBlockComment(string sql, ref int position, bool nested)
    {
        var depth = 0;
        while (position < sql.Length)
        {
            if (sql[position] == '/' && position + 1 < sql.Length && sql[position + 1] == '*' && (nested || depth == 0))
            {
                depth++;
                position += 2;
            }
            else if (sql[position] == '*' && position + 1 < sql.Length && sql[position + 1] == '/')
            {
                depth--;
                position += 2;
                if (depth == 0)
                {
                    return true;
                }
            }
            else
            {
                position++;
            }
        }

        return false;
    }

    /// <summary>Skips a quoted run that starts at <paramref name="position"/>; a doubled quote is an escaped quote.</summary>
    private static bool SkipQuoted(string sql, ref int position, char quote, bool backslashEscapes)
    {
        position++;
        while (position < sql.Length)
        {
            var c = sql[position];
            if (backslashEscapes && c == '\\')
            {
                position += 2;
                continue;
            }

            position++;
            if (c == quote)
            {
                if (position < sql.Length && sql[position] == quote)
                {
                    position++;
                    continue;
                }

                return true;
            }
        }

        position = sql.Length;
        return false;
    }

    private static bool SkipUntil(string sql, ref int position, char close)
    {
        var end = sql.IndexOf(close, position + 1);
        position = end < 0 ? sql.Length : end + 1;
        return end >= 0;
    }

    private static void SkipIdentifierRest(string sql, ref int position)
    {
        while (position < sql.Length && IsIdentifierPart(sql[position]))
        {
            position++;
        }
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsHexDigit(char c) => c is >= 'a' and <= 'f' or >= 'A' and <= 'F';

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_' || c > 127 && !char.IsWhiteSpace(c);

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c) || c == '$';

    private static bool IsTagPart(char c) => IsIdentifierStart(c) || IsDigit(c);
}
