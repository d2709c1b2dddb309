using System;
using System.Collections.Generic;
using MigrationChain.Schema;

namespace MigrationChain.Sql;

/// <summary>
/// What one migration has done to tables and indexes so far, over what the chain says about them: a table created
/// earlier in the migration is new, a rename carries the old name's age, a drop leaves nothing to lock.
/// </summary>
internal sealed class OnlineTables
{
    private readonly Func<string, TableAge>? _chain;
    private readonly Dictionary<string, TableAge> _local = new(StringComparer.Ordinal);
    private readonly HashSet<string> _newIndexes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ddlTables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _newColumns = new(StringComparer.Ordinal);

    public OnlineTables(Func<string, TableAge>? chain) => _chain = chain;

    /// <summary>A table's age at this point of the migration.</summary>
    public TableAge Age(SqlName table)
    {
        if (_local.TryGetValue(table.Key, out var age))
        {
            return age;
        }

        return _chain?.Invoke(table.Key) ?? TableAge.PredatesChain;
    }

    /// <summary>True when the index was created earlier in this migration (on whatever table).</summary>
    public bool IsNewIndex(SqlName index) => _newIndexes.Contains(index.Key);

    /// <summary>True when this migration added the column earlier (so no released code can use it).</summary>
    public bool IsNewColumn(SqlName table, SqlName column) => _newColumns.Contains(table.Key + "\u001f" + column.Key);

    /// <summary>True when the migration took a lock that blocks writes on the table earlier (its DDL lock is still held).</summary>
    public bool HadDdl(SqlName table) => _ddlTables.Contains(table.Key);

    /// <summary>Moves the state past a statement, after the rules looked at it.</summary>
    public void Apply(ClassifiedStatement statement)
    {
        foreach (var held in SqlLockReading.Read(statement))
        {
            if (held.BlocksWrites && held.Relation is not null && statement.Kind != SqlStatementKind.DropIndex)
            {
                _ddlTables.Add(held.Relation.Key);
            }
        }

        switch (statement.Kind)
        {
            case SqlStatementKind.CreateTable when statement.Table is { } created:
                _local[created.Key] = TableAge.NewIn("this migration");
                break;
            case SqlStatementKind.DropTable:
                foreach (var dropped in statement.Dropped)
                {
                    _local[dropped.Key] = TableAge.Gone;
                }

                break;
            case SqlStatementKind.CreateIndex when statement.Index is { } index:
                _newIndexes.Add(index.Key);
                break;
            case SqlStatementKind.AlterTable when statement.Table is { } table:
                for (var a = 0; a < statement.Actions.Count; a++)
                {
                    var action = statement.Actions[a];
                    if (action.Kind == AlterTableActionKind.AddColumn && action.Column is { } added)
                    {
                        _newColumns.Add(table.Key + "\u001f" + added.Key);
                    }
                    else if (action.Kind == AlterTableActionKind.RenameColumn && action.Column is { } from && action.NewName is { } to && IsNewColumn(table, from))
                    {
                        _newColumns.Add(table.Key + "\u001f" + to.Key);
                    }

                    if (action.Kind == AlterTableActionKind.RenameTable && action.NewName is { } renamed)
                    {
                        var age = Age(table);
                        _local[table.Key] = TableAge.Gone;
                        _local[Qualified(table, renamed)] = age;
                    }
                }

                break;
        }
    }

    // ALTER TABLE s.t RENAME TO u leaves the table in schema s: u's key is s.u.
    private static string Qualified(SqlName table, SqlName renamed)
    {
        var dot = table.Key.LastIndexOf('.');
        return dot < 0 || renamed.Qualifier is not null ? renamed.Key : table.Key.Remove(dot + 1) + renamed.Key;
    }
}
