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
        var statements = new List<SqlStatement>();
        var current = new List<SqlToken>();
        var depth = 0;
        var hasBody = false;
        foreach (var token in tokens)
        {
            if (token.Kind == SqlTokenKind.Comment)
            {
                continue;
            }

            if (token.Kind == SqlTokenKind.Semicolon && depth == 0)
            {
                Flush();
                continue;
            }

            if (current.Count == 0)
            {
                hasBody = false;
            }

            current.Add(token);
            if (current.Count <= 6 && !hasBody)
            {
                hasBody = HasBlockBody(sql, current, dialect);
            }

            if (hasBody && token.Kind == SqlTokenKind.Word)
            {
                depth = Nest(sql, current, depth, dialect);
            }
        }

        Flush();
        return statements;

        void Flush()
        {
            if (current.Count > 0)
            {
                statements.Add(new SqlStatement(sql, current[0].Start, current[current.Count - 1].End, current.ToArray()));
                current.Clear();
            }

            depth = 0;
        }
    }

    /// <summary>CREATE [TEMP] TRIGGER on SQLite; CREATE [OR REPLACE] FUNCTION/PROCEDURE on PostgreSQL.</summary>
    private static bool HasBlockBody(string sql, List<SqlToken> tokens, SqlDialect dialect)
    {
        if (!tokens[0].IsKeyword(sql, "CREATE"))
        {
            return false;
        }

        foreach (var token in tokens)
        {
            if (dialect == SqlDialect.Sqlite && token.IsKeyword(sql, "TRIGGER"))
            {
                return true;
            }

            if (dialect == SqlDialect.Postgres && (token.IsKeyword(sql, "FUNCTION") || token.IsKeyword(sql, "PROCEDURE")))
            {
                return true;
            }
        }

        return false;
    }

    private static int Nest(string sql, List<SqlToken> tokens, int depth, SqlDialect dialect)
    {
        var token = tokens[tokens.Count - 1];
        if (dialect == SqlDialect.Sqlite && token.IsKeyword(sql, "BEGIN"))
        {
            return depth + 1;
        }

        if (dialect == SqlDialect.Postgres && token.IsKeyword(sql, "ATOMIC") && tokens.Count > 1
            && tokens[tokens.Count - 2].IsKeyword(sql, "BEGIN"))
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
