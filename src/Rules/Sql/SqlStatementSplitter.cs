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

            // Only the first few words can make this a CREATE TRIGGER/FUNCTION/PROCEDURE; each is looked at once.
            if (!hasBody && current.Count <= 6 && current[0].IsKeyword(sql, "CREATE"))
            {
                hasBody = OpensBlockBody(sql, token, dialect);
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

    /// <summary>TRIGGER on SQLite, FUNCTION or PROCEDURE on PostgreSQL: a word that, after CREATE, opens a block body.</summary>
    private static bool OpensBlockBody(string sql, SqlToken token, SqlDialect dialect) =>
        dialect == SqlDialect.Sqlite
            ? token.IsKeyword(sql, "TRIGGER")
            : token.IsKeyword(sql, "FUNCTION") || token.IsKeyword(sql, "PROCEDURE");

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
