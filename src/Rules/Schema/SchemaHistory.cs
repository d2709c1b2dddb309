using System;
using System.Collections.Generic;

namespace MigrationChain.Schema;

/// <summary>
/// Replays a chain symbolically to tell which tables are certain to exist when a migration runs. Only ancestors are
/// certain to have run before a migration (a merge runs after all its parents); so a table exists at a migration when
/// an ancestor creates it and no ancestor drops it afterwards. A table created on a branch that is not an ancestor,
/// or created on one branch and dropped on a parallel one, is not known to exist. When only migrations that are not
/// ancestors create it, the replay also works out the declaration change that would make one an ancestor.
/// </summary>
/// <remarks>
/// Built once per chain: each migration's net effect on each table it touches is indexed by table, so asking about
/// one ALTER costs a look at the few migrations touching that table, not a walk of the chain.
/// </remarks>
internal sealed class SchemaHistory
{
    private readonly RevisionGraph _graph;
    private readonly IReadOnlyList<MigrationScript?> _scripts;
    private readonly PrecedenceIndex _precedence;
    private readonly bool[] _unreadableBefore;
    private readonly Dictionary<string, List<TableEvent>> _events = new(StringComparer.Ordinal);

    private SchemaHistory(RevisionGraph graph, IReadOnlyList<MigrationScript?> scripts)
    {
        _graph = graph;
        _scripts = scripts;
        _precedence = new PrecedenceIndex(graph);
        _unreadableBefore = new bool[graph.Count];
    }

    /// <summary>Indexes the chain.</summary>
    /// <param name="graph">The chain.</param>
    /// <param name="scripts">The script of each node, by node index; null when nothing is known about a node.</param>
    public static SchemaHistory Build(RevisionGraph graph, IReadOnlyList<MigrationScript?> scripts)
    {
        if (graph is null)
        {
            throw new ArgumentNullException(nameof(graph));
        }

        if (scripts is null || scripts.Count != graph.Count)
        {
            throw new ArgumentException("One script (or null) per graph node is required.", nameof(scripts));
        }

        var history = new SchemaHistory(graph, scripts);
        history.Index();
        return history;
    }

    /// <summary>Every unguarded ALTER in the node's Upgrade and Downgrade whose table is not known to exist there.</summary>
    public List<UnknownTableAlter> UnknownTableAlters(int node)
    {
        var findings = new List<UnknownTableAlter>();
        if (node < 0 || node >= _graph.Count || _graph.TopologicalIndex[node] < 0 || _scripts[node] is not { } script)
        {
            return findings;
        }

        var afterUpgrade = new Dictionary<string, bool>(StringComparer.Ordinal);
        Replay(node, script.Upgrade, afterUpgrade, _unreadableBefore[node], inDowngrade: false, findings);

        // A Downgrade starts from the state the Upgrade left: its own tables, then what its ancestors left.
        Replay(node, script.Downgrade, afterUpgrade, _unreadableBefore[node] || script.HasUnknownUpgrade, inDowngrade: true, findings);
        return findings;
    }

    private void Replay(int node, IReadOnlyList<SchemaStep> steps, Dictionary<string, bool> local, bool unreadable, bool inDowngrade, List<UnknownTableAlter> findings)
    {
        var state = inDowngrade ? new Dictionary<string, bool>(local, StringComparer.Ordinal) : local;
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case SchemaStepKind.CreateTable:
                    state[step.Table] = true;
                    break;
                case SchemaStepKind.DropTable:
                    state[step.Table] = false;
                    break;
                case SchemaStepKind.RenameTable:
                    state[step.Table] = false;
                    if (step.NewTable is not null)
                    {
                        state[step.NewTable] = true;
                    }

                    break;
                case SchemaStepKind.Unknown:
                    unreadable = true;
                    break;
                case SchemaStepKind.AlterTable when !step.IsGuarded:
                    var uncertainty = state.TryGetValue(step.Table, out var exists)
                        ? exists ? null : new TableUncertainty(TableUncertaintyKind.DroppedEarlierInMigration)
                        : UncertaintyBefore(node, step.Table);
                    if (uncertainty is not null && !(unreadable && uncertainty.IsExcusedByUnreadableSql))
                    {
                        findings.Add(new UnknownTableAlter(step, inDowngrade, uncertainty));
                    }

                    break;
            }
        }
    }

    /// <summary>Null when the table is certain to exist when <paramref name="node"/> starts; else why not.</summary>
    private TableUncertainty? UncertaintyBefore(int node, string table)
    {
        if (!_events.TryGetValue(table, out var events))
        {
            return new TableUncertainty(TableUncertaintyKind.NeverCreated);
        }

        // Events are in topological order; walking them backwards finds the latest ancestors first, and an earlier
        // ancestor is only a last word on the table if it runs before none of those already found.
        var latest = new List<TableEvent>();
        for (var i = events.Count - 1; i >= 0; i--)
        {
            var candidate = events[i];
            if (!_precedence.RunsBefore(candidate.Node, node))
            {
                continue;
            }

            var superseded = false;
            foreach (var later in latest)
            {
                if (_precedence.RunsBefore(candidate.Node, later.Node))
                {
                    superseded = true;
                    break;
                }
            }

            if (!superseded)
            {
                latest.Add(candidate);
            }
        }

        var creators = new List<string>();
        var droppers = new List<string>();
        foreach (var last in latest)
        {
            (last.Exists ? creators : droppers).Add(_graph.Id(last.Node));
        }

        if (latest.Count == 0)
        {
            var creatorNodes = new List<int>();
            foreach (var other in events)
            {
                if (other.Exists && other.Node != node)
                {
                    creators.Add(_graph.Id(other.Node));
                    creatorNodes.Add(other.Node);
                }
            }

            return creators.Count == 0
                ? new TableUncertainty(TableUncertaintyKind.NeverCreated)
                : new TableUncertainty(TableUncertaintyKind.CreatedOnlyElsewhere, creators, link: AncestorLink.Find(_graph, node, creatorNodes));
        }

        if (droppers.Count == 0)
        {
            return null;
        }

        creators.Sort(StringComparer.Ordinal);
        droppers.Sort(StringComparer.Ordinal);
        return creators.Count == 0
            ? new TableUncertainty(TableUncertaintyKind.Dropped, droppers: droppers)
            : new TableUncertainty(TableUncertaintyKind.CreatedAndDroppedInParallel, creators, droppers);
    }

    private void Index()
    {
        foreach (var node in _graph.TopologicalOrder)
        {
            foreach (var predecessor in _precedence.Predecessors(node))
            {
                if (_unreadableBefore[predecessor] || _scripts[predecessor] is null || _scripts[predecessor]!.HasUnknownUpgrade)
                {
                    _unreadableBefore[node] = true;
                    break;
                }
            }

            if (_scripts[node] is not { } script)
            {
                continue;
            }

            var net = new Dictionary<string, bool>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var step in script.Upgrade)
            {
                switch (step.Kind)
                {
                    case SchemaStepKind.CreateTable:
                        Set(step.Table, true);
                        break;
                    case SchemaStepKind.DropTable:
                        Set(step.Table, false);
                        break;
                    case SchemaStepKind.RenameTable:
                        Set(step.Table, false);
                        if (step.NewTable is not null)
                        {
                            Set(step.NewTable, true);
                        }

                        break;
                }
            }

            foreach (var table in order)
            {
                if (!_events.TryGetValue(table, out var list))
                {
                    _events[table] = list = new List<TableEvent>();
                }

                list.Add(new TableEvent(node, net[table]));
            }

            void Set(string table, bool exists)
            {
                if (!net.ContainsKey(table))
                {
                    order.Add(table);
                }

                net[table] = exists;
            }
        }
    }

    private readonly struct TableEvent
    {
        public TableEvent(int node, bool exists)
        {
            Node = node;
            Exists = exists;
        }

        public int Node { get; }

        /// <summary>Whether the table exists once the node's Upgrade has run.</summary>
        public bool Exists { get; }
    }
}
