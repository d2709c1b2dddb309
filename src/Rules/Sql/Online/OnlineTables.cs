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
    // Made by the first entry: most migrations create no table or index and add few columns, and a look-up in an
    // empty state builds no key.
    private Dictionary<string, TableAge>? _local;
    private HashSet<string>? _newIndexes;
    private HashSet<string>? _ddlTables;
    private HashSet<string>? _newColumns;

    public OnlineTables(Func<string, TableAge>? chain) => _chain = chain;

    /// <summary>A table's age at this point of the migration.</summary>
    public TableAge Age(SqlName table)
    {
        if (_local is not null && _local.TryGetValue(table.Key, out var age))
        {
            return age;
        }

        return _chain?.Invoke(table.Key) ?? TableAge.PredatesChain;
    }

    /// <summary>True when the index was created earlier in this migration (on whatever table).</summary>
    public bool IsNewIndex(SqlName index) => _newIndexes is not null && _newIndexes.Contains(index.Key);

    /// <summary>True when this migration added the column earlier (so no released code can use it).</summary>
    public bool IsNewColumn(SqlName table, SqlName column) => _newColumns is not null && _newColumns.Contains(table.Key + "\u001f" + column.Key);

    /// <summary>True when the migration took a lock that blocks writes on the table earlier (its DDL lock is still held).</summary>
    public bool HadDdl(SqlName table) => _ddlTables is not null && _ddlTables.Contains(table.Key);

    /// <summary>Moves the state past a statement, after the rules looked at it.</summary>
    public void Apply(ClassifiedStatement statement)
    {
        foreach (var held in SqlLockReading.Read(statement))
        {
            if (held.BlocksWrites && held.Relation is not null && statement.Kind != SqlStatementKind.DropIndex)
            {
                (_ddlTables ??= new HashSet<string>(StringComparer.Ordinal)).Add(held.Relation.Key);
            }
        }

        switch (statement.Kind)
        {
            case SqlStatementKind.CreateTable when statement.Table is { } created:
                Local()[created.Key] = TableAge.NewIn("this migration");
                break;
            case SqlStatementKind.DropTable:
                foreach (var dropped in statement.Dropped)
                {
                    Local()[dropped.Key] = TableAge.Gone;
                }

                break;
            case SqlStatementKind.CreateIndex when statement.Index is { } index:
                (_newIndexes ??= new HashSet<string>(StringComparer.Ordinal)).Add(index.Key);
                break;
            case SqlStatementKind.AlterTable when statement.Table is { } table:
                for (var a = 0; a < statement.Actions.Count; a++)
                {
                    var action = statement.Actions[a];
                    if (action.Kind == AlterTableActionKind.AddColumn && action.Column is { } added)
                    {
                        (_newColumns ??= new HashSet<string>(StringComparer.Ordinal)).Add(table.Key + "\u001f" + added.Key);
                    }
                    else if (action.Kind == AlterTableActionKind.RenameColumn && action.Column is { } from && action.NewName is { } to && IsNewColumn(table, from))
                    {
                        (_newColumns ??= new HashSet<string>(StringComparer.Ordinal)).Add(table.Key + "\u001f" + to.Key);
                    }

                    if (action.Kind == AlterTableActionKind.RenameTable && action.NewName is { } renamed)
                    {
                        var age = Age(table);
                        Local()[table.Key] = TableAge.Gone;
                        Local()[Qualified(table, renamed)] = age;
                    }
                }

                break;
        }
    }

    private Dictionary<string, TableAge> Local() => _local ??= new Dictionary<string, TableAge>(StringComparer.Ordinal);

    // ALTER TABLE s.t RENAME TO u leaves the table in schema s: u's key is s.u.
    private static string Qualified(SqlName table, SqlName renamed)
    {
        var dot = table.Key.LastIndexOf('.');
        return dot < 0 || renamed.Qualifier is not null ? renamed.Key : table.Key.Remove(dot + 1) + renamed.Key;
    }
}
