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
    private readonly Dictionary<string, List<(int Node, string Column)>> _notValidChecks = new(StringComparer.Ordinal);

    private ColumnHistory(RevisionGraph graph)
    {
        _graph = graph;
        _precedence = new PrecedenceIndex(graph);
    }

    /// <param name="graph">The chain.</param>
    /// <param name="migrations">Each node's column facts (<see cref="MigrationColumnFacts.Read"/>), by node index; null when unknown.</param>
    public static ColumnHistory Build(RevisionGraph graph, IReadOnlyList<MigrationColumnFacts?> migrations)
    {
        var history = new ColumnHistory(graph);
        var notValidChecks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in graph.TopologicalOrder)
        {
            if (node >= migrations.Count || migrations[node] is not { } facts)
            {
                continue;
            }

            foreach (var (key, type) in facts.Types)
            {
                Add(history._types, key, (node, type));
            }

            foreach (var key in facts.ValidatedNotNull)
            {
                Add(history._validatedNotNull, key, node);
            }

            foreach (var (constraint, column) in facts.NotValidNotNullChecks)
            {
                notValidChecks[constraint] = column;
                Add(history._notValidChecks, constraint, (node, column));
            }

            // A VALIDATE proves the column only through the NOT VALID add of an ancestor (or of the migration itself).
            foreach (var (table, constraint) in facts.Validations)
            {
                if (notValidChecks.TryGetValue(Key(table, constraint), out var column))
                {
                    Add(history._validatedNotNull, Key(table, column), node);
                }
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

    /// <summary>
    /// The ancestor that first declared the column (a <c>CREATE TABLE</c> or <c>ADD COLUMN</c>; the earliest
    /// declaration that runs before <paramref name="node"/>), or -1 when no ancestor declares it.
    /// </summary>
    public int FirstDeclaredBefore(int node, string table, string column)
    {
        if (!_types.TryGetValue(Key(table, column), out var declared))
        {
            return -1;
        }

        var first = -1;
        foreach (var (declarer, _) in declared)
        {
            if (_precedence.RunsBefore(declarer, node) && (first < 0 || _graph.TopologicalIndex[declarer] < _graph.TopologicalIndex[first]))
            {
                first = declarer;
            }
        }

        return first;
    }

    /// <summary>
    /// The column of a <c>CHECK (column IS NOT NULL) NOT VALID</c> named <paramref name="constraint"/> that an ancestor
    /// added to the table, or null: a <c>VALIDATE CONSTRAINT</c> of it in this migration proves the column, so a later
    /// <c>SET NOT NULL</c> in the same migration skips its scan (the usual second step of the recipe).
    /// </summary>
    public string? NotValidNotNullCheckBefore(int node, string table, string constraint)
    {
        if (!_notValidChecks.TryGetValue(Key(table, constraint), out var adds))
        {
            return null;
        }

        foreach (var (adder, column) in adds)
        {
            if (_precedence.RunsBefore(adder, node))
            {
                return column;
            }
        }

        return null;
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

    internal static string Key(string table, string column) => table + "\u001f" + column;

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = new List<T>();
        }

        list.Add(value);
    }
}
