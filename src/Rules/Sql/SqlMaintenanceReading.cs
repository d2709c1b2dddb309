using System.Collections.Generic;

namespace MigrationChain.Sql;

/// <summary>
/// The statements that are not schema changes but matter for locks: <c>REINDEX</c>, <c>VACUUM</c>, <c>CLUSTER</c>,
/// <c>UPDATE</c>, <c>DELETE</c> and <c>SET</c>. The classifier hands over what it does not read itself; anything
/// else stays <see cref="SqlStatementKind.Other"/>.
/// </summary>
internal static class SqlMaintenanceReading
{
    public static ClassifiedStatement Read(SqlStatement statement, SqlDialect dialect)
    {
        var tokens = statement.Tokens;
        var sql = statement.Source;
        if (tokens.Count == 0)
        {
            return Other(statement);
        }

        var first = tokens[0];
        if (first.IsKeyword(sql, "UPDATE"))
        {
            var index = 1;
            SkipKeyword(sql, tokens, ref index, "ONLY");
            return Named(statement, SqlStatementKind.Update, SqlName.Read(sql, tokens, ref index, dialect));
        }

        if (first.IsKeyword(sql, "DELETE"))
        {
            var index = 1;
            if (!SkipKeyword(sql, tokens, ref index, "FROM"))
            {
                return Other(statement);
            }

            SkipKeyword(sql, tokens, ref index, "ONLY");
            return Named(statement, SqlStatementKind.Delete, SqlName.Read(sql, tokens, ref index, dialect));
        }

        if (first.IsKeyword(sql, "SET"))
        {
            return new ClassifiedStatement(statement, SqlStatementKind.SetParameter);
        }

        if (first.IsKeyword(sql, "REINDEX"))
        {
            var index = SkipOptions(tokens, 1);
            var isIndex = SkipKeyword(sql, tokens, ref index, "INDEX");
            var isTable = !isIndex && SkipKeyword(sql, tokens, ref index, "TABLE");
            if (!isIndex && !isTable)
            {
                // REINDEX SCHEMA / DATABASE / SYSTEM: no single relation to judge.
                return new ClassifiedStatement(statement, SqlStatementKind.Reindex);
            }

            SkipKeyword(sql, tokens, ref index, "CONCURRENTLY");
            var name = SqlName.Read(sql, tokens, ref index, dialect);
            return isIndex
                ? new ClassifiedStatement(statement, SqlStatementKind.Reindex, index: name)
                : Named(statement, SqlStatementKind.Reindex, name);
        }

        if (first.IsKeyword(sql, "VACUUM") || first.IsKeyword(sql, "CLUSTER"))
        {
            var kind = first.IsKeyword(sql, "VACUUM") ? SqlStatementKind.Vacuum : SqlStatementKind.Cluster;
            var index = SkipOptions(tokens, 1);
            while (index < tokens.Count && tokens[index].Kind == SqlTokenKind.Word && IsVacuumOption(sql, tokens[index]))
            {
                index++;
            }

            return Named(statement, kind, SqlName.Read(sql, tokens, ref index, dialect));
        }

        return Other(statement);
    }

    private static bool IsVacuumOption(string sql, SqlToken token) =>
        token.IsKeyword(sql, "FULL") || token.IsKeyword(sql, "FREEZE") || token.IsKeyword(sql, "VERBOSE") || token.IsKeyword(sql, "ANALYZE") ||
        token.IsKeyword(sql, "ANALYSE");

    /// <summary>Past a parenthesised option list such as <c>(FULL, VERBOSE)</c>, if there is one.</summary>
    private static int SkipOptions(IReadOnlyList<SqlToken> tokens, int index)
    {
        if (index >= tokens.Count || tokens[index].Kind != SqlTokenKind.OpenParen)
        {
            return index;
        }

        var depth = 0;
        for (; index < tokens.Count; index++)
        {
            if (tokens[index].Kind == SqlTokenKind.OpenParen)
            {
                depth++;
            }
            else if (tokens[index].Kind == SqlTokenKind.CloseParen && --depth == 0)
            {
                return index + 1;
            }
        }

        return index;
    }

    private static bool SkipKeyword(string sql, IReadOnlyList<SqlToken> tokens, ref int index, string keyword)
    {
        if (index < tokens.Count && tokens[index].IsKeyword(sql, keyword))
        {
            index++;
            return true;
        }

        return false;
    }

    private static ClassifiedStatement Named(SqlStatement statement, SqlStatementKind kind, SqlName? table) =>
        new(statement, kind, table);

    private static ClassifiedStatement Other(SqlStatement statement) => new(statement, SqlStatementKind.Other);
}
