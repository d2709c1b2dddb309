using System.Collections.Generic;

namespace MigrationChain.Sql;

/// <summary>
/// Writes the SQL that undoes simple schema changes: <c>CREATE TABLE</c> becomes <c>DROP TABLE</c>,
/// <c>CREATE INDEX</c> becomes <c>DROP INDEX</c>, <c>ADD COLUMN</c> becomes <c>DROP COLUMN</c>. Anything else (data
/// changes, drops, renames, type changes) has no inverse that can be written without knowing more, and makes the
/// whole text not invertible.
/// </summary>
internal static class SqlInverter
{
    /// <summary>
    /// The statements that undo <paramref name="sql"/>, last change first; null when some statement is not simply
    /// invertible. Drops say <c>IF EXISTS</c> where the dialect allows it, so the result raises no MC3002.
    /// </summary>
    public static List<string>? Invert(string sql, SqlDialect dialect)
    {
        var inverse = new List<string>();
        foreach (var statement in SqlStatementClassifier.ClassifyAll(sql, dialect))
        {
            var undo = Invert(statement, dialect);
            if (undo is null)
            {
                return null;
            }

            inverse.InsertRange(0, undo);
        }

        return inverse;
    }

    private static List<string>? Invert(ClassifiedStatement statement, SqlDialect dialect)
    {
        switch (statement.Kind)
        {
            case SqlStatementKind.CreateTable when statement.Table is not null:
                return new List<string> { "DROP TABLE IF EXISTS " + statement.Table.Text };

            case SqlStatementKind.CreateIndex when statement.Index is not null && statement.Table is not null:
                return new List<string> { "DROP INDEX IF EXISTS " + IndexName(statement.Index, statement.Table, dialect) };

            case SqlStatementKind.AlterTable when statement.Table is not null && statement.Actions.Count > 0:
                var drops = new List<string>();
                foreach (var action in statement.Actions)
                {
                    if (action.Kind != AlterTableActionKind.AddColumn || action.Column is null)
                    {
                        return null;
                    }

                    // One statement per column: SQLite allows a single action per ALTER TABLE.
                    var ifExists = dialect == SqlDialect.Postgres ? "IF EXISTS " : string.Empty;
                    var tableClause = statement.HasExistenceClause ? "IF EXISTS " : string.Empty;
                    drops.Insert(0, $"ALTER TABLE {tableClause}{statement.Table.Text} DROP COLUMN {ifExists}{action.Column.Text}");
                }

                return drops;

            default:
                return null;
        }
    }

    // PostgreSQL creates an unqualified index in its table's schema, so dropping it needs that schema.
    private static string IndexName(SqlName index, SqlName table, SqlDialect dialect) =>
        dialect == SqlDialect.Postgres && index.Qualifier is null && table.Qualifier is not null
            ? table.Qualifier + "." + index.Text
            : index.Text;
}
