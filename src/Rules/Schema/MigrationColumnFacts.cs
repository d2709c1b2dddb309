using System.Collections.Generic;
using MigrationChain.Sql;

namespace MigrationChain.Schema;

/// <summary>
/// What one migration's Upgrade says about columns, for <see cref="ColumnHistory"/>: the types it gives them and
/// the <c>CHECK (col IS NOT NULL)</c> constraints it adds or validates. Depends on the migration's statements only, so
/// a caller can keep it with them and rebuild the history after an edit without reading any other migration again.
/// </summary>
internal sealed class MigrationColumnFacts
{
    private MigrationColumnFacts()
    {
    }

    /// <summary>(table/column key, type) in statement order.</summary>
    public List<(string Key, string Type)> Types { get; } = new();

    /// <summary>Table/column keys a CHECK (col IS NOT NULL) added without NOT VALID proves.</summary>
    public List<string> ValidatedNotNull { get; } = new();

    /// <summary>(table/constraint key, column key) of not-null checks added NOT VALID.</summary>
    public List<(string Constraint, string Column)> NotValidNotNullChecks { get; } = new();

    /// <summary>(table key, constraint key) of every VALIDATE CONSTRAINT, in order.</summary>
    public List<(string Table, string Constraint)> Validations { get; } = new();

    public static MigrationColumnFacts Read(IEnumerable<ClassifiedStatement> statements)
    {
        var facts = new MigrationColumnFacts();
        foreach (var statement in statements)
        {
            if (statement.Table is not { } table)
            {
                continue;
            }

            if (statement.Kind == SqlStatementKind.CreateTable)
            {
                foreach (var (column, type) in CreateTableColumns.Read(statement))
                {
                    facts.Types.Add((ColumnHistory.Key(table.Key, column.Key), type));
                }

                continue;
            }

            if (statement.Kind != SqlStatementKind.AlterTable)
            {
                continue;
            }

            for (var a = 0; a < statement.Actions.Count; a++)
            {
                var action = statement.Actions[a];
                var reading = AlterActionReading.Of(statement, action);
                switch (reading.Kind)
                {
                    case OnlineActionKind.AddColumn or OnlineActionKind.AlterColumnType when action.Column is { } column && reading.TypeText is { } type:
                        facts.Types.Add((ColumnHistory.Key(table.Key, column.Key), type));
                        break;
                    case OnlineActionKind.AddCheck when reading.NotNullCheckColumn is { } checkedColumn:
                        if (!reading.IsNotValid)
                        {
                            facts.ValidatedNotNull.Add(ColumnHistory.Key(table.Key, checkedColumn.Key));
                        }
                        else if (reading.Constraint is { } constraint)
                        {
                            facts.NotValidNotNullChecks.Add((ColumnHistory.Key(table.Key, constraint.Key), checkedColumn.Key));
                        }

                        break;
                    case OnlineActionKind.ValidateConstraint when reading.Constraint is { } validated:
                        facts.Validations.Add((table.Key, validated.Key));
                        break;
                }
            }
        }

        return facts;
    }
}
