using System.Collections.Generic;

namespace MigrationChain.Sql;

/// <summary>
/// Splits SQL text into statements at semicolons that are code, not text: semicolons inside strings, quoted names,
/// comments and dollar-quoted bodies do not count, and neither do those inside a SQLite trigger's
/// <c>BEGIN ... END</c> or a PostgreSQL <c>BEGIN ATOMIC ... END</c> function body.
/// </summary>
internal static class SqlStatementSplitter
{
    public static List<SqlStatement> Split(string sql, SqlDialect dialect) =>
        Split(sql, SqlLexer.Tokenize(sql, dialect), dialect);

    public static List<SqlStatement> Split(string sql, IReadOnlyList<SqlToken> tokens, SqlDialect dialect)
    {
        // A statement is the code tokens from `first` to `last` (comments between them left out): positions into
        // `tokens`, copied once into the statement's own array, rather than a growing list per statement.
        var statements = new List<SqlStatement>();
        var first = -1;
        var last = -1;
        var previous = -1;
        var count = 0;
        var depth = 0;
        var hasBody = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == SqlTokenKind.Comment)
            {
                continue;
            }

            if (token.Kind == SqlTokenKind.Semicolon && depth == 0)
            {
                Flush();
                continue;
            }

            if (count == 0)
            {
                hasBody = false;
                first = i;
            }

            previous = last;
            last = i;
            count++;

            // Only the first few words can make this a CREATE TRIGGER/FUNCTION/PROCEDURE; each is looked at once.
            if (!hasBody && count <= 6 && tokens[first].IsKeyword(sql, "CREATE"))
            {
                hasBody = OpensBlockBody(sql, token, dialect);
            }

            if (hasBody && token.Kind == SqlTokenKind.Word)
            {
                depth = Nest(sql, token, count > 1 && tokens[previous].IsKeyword(sql, "BEGIN"), depth, dialect);
            }
        }

        Flush();
        return statements;

        void Flush()
        {
            if (count > 0)
            {
                var own = new SqlToken[count];
                var at = 0;
                for (var i = first; i <= last; i++)
                {
                    if (tokens[i].Kind != SqlTokenKind.Comment)
                    {
                        own[at++] = tokens[i];
                    }
                }

                statements.Add(new SqlStatement(sql, own[0].Start, own[count - 1].End, own));
                count = 0;
            }

            depth = 0;
        }
    }

    /// <summary>TRIGGER on SQLite, FUNCTION or PROCEDURE on PostgreSQL: a word that, after CREATE, opens a block body.</summary>
    private static bool OpensBlockBody(string sql, SqlToken token, SqlDialect dialect) =>
        dialect == SqlDialect.Sqlite
            ? token.IsKeyword(sql, "TRIGGER")
            : token.IsKeyword(sql, "FUNCTION") || token.IsKeyword(sql, "PROCEDURE");

    private static int Nest(string sql, SqlToken token, bool afterBegin, int depth, SqlDialect dialect)
    {
        if (dialect == SqlDialect.Sqlite && token.IsKeyword(sql, "BEGIN"))
        {
            return depth + 1;
        }

        if (dialect == SqlDialect.Postgres && token.IsKeyword(sql, "ATOMIC") && afterBegin)
        {
            return depth + 1;
        }

        if (depth > 0 && token.IsKeyword(sql, "CASE"))
        {
            return depth + 1;
        }

        return depth > 0 && token.IsKeyword(sql, "END") ? depth - 1 : depth;
    }
}
