using System;
using System.Collections.Generic;
using MigrationChain.Sql;

namespace MigrationChain.Schema;

/// <summary>
/// The column facts the online-safety rules ask of a migration's ancestors: the type a column was last given
/// (<c>CREATE TABLE</c>, <c>ADD COLUMN</c>, <c>ALTER COLUMN ... TYPE</c>), so a type change can be judged cheap or
/// rewriting, and whether a <c>CHECK (col IS NOT NULL)</c> was validated, so <c>SET NOT NULL</c> skips its scan. Built
/// once per chain from the statements already classified for each migration; asking costs a look at the few
/// migrations that touch that column. Like <see cref="SchemaHistory"/>, only ancestors count: they alone are certain
/// to have run first.
/// </summary>
internal sealed class ColumnHistory
{
    private readonly RevisionGraph _graph;
    private readonly PrecedenceIndex _precedence;
    private readonly Dictionary<string, List<(int Node, string Type)>> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _validatedNotNull = new(StringComparer.Ordinal);

    private ColumnHistory(RevisionGraph graph)
    {
        _graph = graph;
        _precedence = new PrecedenceIndex(graph);
    }

    /// <param name="graph">The chain.</param>
    /// <param name="upgrades">Each node's Upgrade statements that could be read, by node index (null when unknown).</param>
    public static ColumnHistory Build(RevisionGraph graph, IReadOnlyList<IReadOnlyList<ClassifiedStatement>?> upgrades)
    {
        var history = new ColumnHistory(graph);
        var notValidChecks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in graph.TopologicalOrder)
        {
            if (node >= upgrades.Count || upgrades[node] is not { } statements)
            {
                continue;
            }

            foreach (var statement in statements)
            {
                history.Index(node, statement, notValidChecks);
            }
        }

        return history;
    }

    /// <summary>The type the latest ancestor gave the column, or null when no ancestor says.</summary>
    public string? TypeBefore(int node, string table, string column)
    {
        if (!_types.TryGetValue(Key(table, column), out var declared))
        {
            return null;
        }

        string? type = null;
        var latest = -1;
        foreach (var (declarer, declaredType) in declared)
        {
            if (_precedence.RunsBefore(declarer, node) && _graph.TopologicalIndex[declarer] > latest)
            {
                latest = _graph.TopologicalIndex[declarer];
                type = declaredType;
            }
        }

        return type;
    }

    /// <summary>True when an ancestor validated a <c>CHECK (column IS NOT NULL)</c> on the table.</summary>
    public bool NotNullValidatedBefore(int node, string table, string column)
    {
        if (!_validatedNotNull.TryGetValue(Key(table, column), out var validators))
        {
            return false;
        }

        foreach (var validator in validators)
        {
            if (_precedence.RunsBefore(validator, node))
            {
                return true;
            }
        }

        return false;
    }

    private static string Key(string table, string column) => table + "\u001f" + column;

    private void Index(int node, ClassifiedStatement statement, Dictionary<string, string> notValidChecks)
    {
        if (statement.Table is not { } table)
        {
            return;
        }

        if (statement.Kind == SqlStatementKind.CreateTable)
        {
            foreach (var (column, type) in CreateTableColumns.Read(statement))
            {
                Add(_types, Key(table.Key, column.Key), (node, type));
            }

            return;
        }

        if (statement.Kind != SqlStatementKind.AlterTable)
        {
            return;
        }

        foreach (var action in statement.Actions)
        {
            var reading = AlterActionReading.Of(statement, action);
            switch (reading.Kind)
            {
                case OnlineActionKind.AddColumn or OnlineActionKind.AlterColumnType when action.Column is { } column && reading.TypeText is { } type:
                    Add(_types, Key(table.Key, column.Key), (node, type));
                    break;
                case OnlineActionKind.AddCheck when reading.NotNullCheckColumn is { } checkedColumn:
                    if (!reading.IsNotValid)
                    {
                        Add(_validatedNotNull, Key(table.Key, checkedColumn.Key), node);
                    }
                    else if (reading.Constraint is { } constraint)
                    {
                        notValidChecks[Key(table.Key, constraint.Key)] = checkedColumn.Key;
                    }

                    break;
                case OnlineActionKind.ValidateConstraint when reading.Constraint is { } validated
                                                              && notValidChecks.TryGetValue(Key(table.Key, validated.Key), out var column):
                    Add(_validatedNotNull, Key(table.Key, column), node);
                    break;
            }
        }
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = new List<T>();
        }

        list.Add(value);
    }
}
