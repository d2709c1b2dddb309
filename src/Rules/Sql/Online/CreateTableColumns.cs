using System.Collections.Generic;
using System.Text;

namespace MigrationChain.Sql;

/// <summary>
/// The columns a <c>CREATE TABLE (...)</c> declares and their types, so a later type change can be judged against
/// the type the chain gave the column. Table constraints and <c>LIKE</c> are skipped; a column whose type cannot be
/// read is left out (unknown, never guessed).
/// </summary>
internal static class CreateTableColumns
{
    private static readonly string[] TableConstraintWords = { "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE", "LIKE" };

    private static readonly string[] ColumnConstraintWords =
    {
        "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "GENERATED", "COLLATE", "DEFERRABLE", "INITIALLY",
    };

    public static List<(SqlName Column, string Type)> Read(ClassifiedStatement statement)
    {
        var columns = new List<(SqlName, string)>();
        if (statement.Kind != SqlStatementKind.CreateTable || statement.Table is not { } table)
        {
            return columns;
        }

        var tokens = statement.Statement.Tokens;
        var sql = statement.Statement.Source;
        var index = 0;
        while (index < tokens.Count && tokens[index].Start < table.End)
        {
            index++;
        }

        if (index >= tokens.Count || tokens[index].Kind != SqlTokenKind.OpenParen)
        {
            return columns;
        }

        index++;
        while (index < tokens.Count && tokens[index].Kind != SqlTokenKind.CloseParen)
        {
            var isConstraint = IsAny(sql, tokens[index], TableConstraintWords);
            var name = isConstraint ? null : SqlName.Read(sql, tokens, ref index, SqlDialect.Postgres);
            var type = new StringBuilder();
            var depth = 0;
            var typeDone = isConstraint;
            for (; index < tokens.Count; index++)
            {
                var token = tokens[index];
                if (depth == 0 && (token.Kind == SqlTokenKind.Comma || token.Kind == SqlTokenKind.CloseParen))
                {
                    break;
                }

                typeDone |= depth == 0 && IsAny(sql, token, ColumnConstraintWords);
                depth += token.Kind == SqlTokenKind.OpenParen ? 1 : token.Kind == SqlTokenKind.CloseParen ? -1 : 0;
                if (!typeDone)
                {
                    if (type.Length > 0 && token.Kind == SqlTokenKind.Word && type[type.Length - 1] != '(')
                    {
                        type.Append(' ');
                    }

                    type.Append(token.Text(sql).ToLowerInvariant());
                }
            }

            if (name is not null && type.Length > 0)
            {
                columns.Add((name, type.ToString()));
            }

            if (index < tokens.Count && tokens[index].Kind == SqlTokenKind.Comma)
            {
                index++;
            }
        }

        return columns;
    }

    private static bool IsAny(string sql, SqlToken token, string[] words)
    {
        foreach (var word in words)
        {
            if (token.IsKeyword(sql, word))
            {
                return true;
            }
        }

        return false;
    }
}
