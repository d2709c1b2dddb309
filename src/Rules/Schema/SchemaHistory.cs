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
internal sealed partial class SchemaHistory
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
    public List<UnknownTableAlter> UnknownTableAlters(int node) => ReplayOf(node).Findings;

    /// <summary>The node's findings with the tables whose history they rest on, for the overload that carries it over.</summary>
    public NodeReplay ReplayOf(int node)
    {
        var replay = new NodeReplay(node);
        if (node < 0 || node >= _graph.Count || _graph.TopologicalIndex[node] < 0 || _scripts[node] is not { } script)
        {
            return replay;
        }

        var afterUpgrade = new Dictionary<string, bool>(StringComparer.Ordinal);
        Replay(node, script.Upgrade, afterUpgrade, _unreadableBefore[node], inDowngrade: false, replay);

        // A Downgrade starts from the state the Upgrade left: its own tables, then what its ancestors left.
        Replay(node, script.Downgrade, afterUpgrade, _unreadableBefore[node] || script.HasUnknownUpgrade, inDowngrade: true, replay);
        return replay;
    }

    private void Replay(int node, IReadOnlyList<SchemaStep> steps, Dictionary<string, bool> local, bool unreadable, bool inDowngrade, NodeReplay replay)
    {
        var findings = replay.Findings;
        var state = inDowngrade ? new Dictionary<string, bool>(local, StringComparer.Ordinal) : local;
        for (var s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
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
                    TableUncertainty? uncertainty;
                    if (state.TryGetValue(step.Table, out var exists))
                    {
                        uncertainty = exists ? null : new TableUncertainty(TableUncertaintyKind.DroppedEarlierInMigration);
                    }
                    else
                    {
                        replay.Tables.Add(step.Table);
                        uncertainty = UncertaintyBefore(node, step.Table);
                    }

                    if (uncertainty is not null && !(unreadable && uncertainty.IsExcusedByUnreadableSql))
                    {
                        findings.Add(new UnknownTableAlter(step, inDowngrade, uncertainty));

                        // The advice (a Parent or DependsOn to add) is worked out over the whole chain.
                        replay.RestsOnWholeChain |= uncertainty.Kind == TableUncertaintyKind.CreatedOnlyElsewhere;
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

        var latest = LatestBefore(events, node);
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

    /// <summary>
    /// The ancestors that touch the table last before <paramref name="node"/> runs. Events are in topological order;
    /// walking them backwards finds the latest ancestors first, and an earlier ancestor is only a last word on the
    /// table if it runs before none of those already found.
    /// </summary>
    private List<TableEvent> LatestBefore(List<TableEvent> events, int node)
    {
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

        return latest;
    }

    /// <summary>
    /// Whether production has the table when <paramref name="node"/> starts: created by an ancestor not yet released
    /// (new there too), by a released one or by no migration at all (it predates the chain), or only on a parallel
    /// branch that has not shipped (unknown). A rename moves the question to the table it was renamed from, in the
    /// migration that renamed it.
    /// </summary>
    /// <param name="node">The migration that touches the table.</param>
    /// <param name="table">The table's <see cref="Sql.SqlName.Key"/>.</param>
    /// <param name="isReleased">Whether a node's revision has shipped (every node, without a release boundary).</param>
    public TableAge AgeBefore(int node, string table, Func<int, bool> isReleased) => AgeBefore(node, table, isReleased, depth: 0);

    private TableAge AgeBefore(int node, string table, Func<int, bool> isReleased, int depth)
    {
        if (depth > 64 || !_events.TryGetValue(table, out var events))
        {
            return TableAge.PredatesChain;
        }

        var latest = LatestBefore(events, node);
        if (latest.Count == 0)
        {
            var unshipped = new List<string>();
            var any = false;
            foreach (var other in events)
            {
                if (other.Exists && other.Node != node && !_precedence.RunsBefore(node, other.Node))
                {
                    any = true;
                    if (!isReleased(other.Node))
                    {
                        unshipped.Add(_graph.Id(other.Node));
                    }
                }
            }

            // Created only off the migration's line: shipped creators have run in production; others may not have.
            return !any ? TableAge.PredatesChain
                : unshipped.Count == 0 ? TableAge.Existing(null)
                : TableAge.OnParallelBranch(unshipped);
        }

        TableAge? result = null;
        foreach (var last in latest)
        {
            if (!last.Exists)
            {
                return TableAge.Gone;
            }

            var age = last.RenamedFrom is { } from
                ? AgeBefore(last.Node, from, isReleased, depth + 1)
                : isReleased(last.Node) ? TableAge.Existing(_graph.Id(last.Node)) : TableAge.NewIn(_graph.Id(last.Node));

            // Two ancestors that both leave the table: it is new only if it is new through every one of them.
            result = result is null || age.Kind < result.Kind ? age : result;
        }

        return result ?? TableAge.PredatesChain;
    }

    private void Index()
    {
        // One set of scratch collections for the whole chain, cleared per migration: an IDE rebuilds this index after
        // every edit that changes the chain, and three collections (and a closure) per migration were most of what
        // it allocated at 10,000 migrations.
        var net = new Dictionary<string, bool>(StringComparer.Ordinal);
        var renamedFrom = new Dictionary<string, string?>(StringComparer.Ordinal);
        var order = new List<string>();
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

            if (order.Count > 0)
            {
                net.Clear();
                renamedFrom.Clear();
                order.Clear();
            }

            foreach (var step in script.Upgrade)
            {
                switch (step.Kind)
                {
                    case SchemaStepKind.CreateTable:
                        Set(step.Table, true, null);
                        break;
                    case SchemaStepKind.DropTable:
                        Set(step.Table, false, null);
                        break;
                    case SchemaStepKind.RenameTable:
                        // The new name carries the old table's origin: created here, or the name it had before.
                        var origin = renamedFrom.TryGetValue(step.Table, out var earlier) ? earlier : step.Table;
                        Set(step.Table, false, null);
                        if (step.NewTable is not null)
                        {
                            Set(step.NewTable, true, origin);
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

                list.Add(new TableEvent(node, net[table], net[table] && renamedFrom.TryGetValue(table, out var from) ? from : null));
            }

            void Set(string table, bool exists, string? from)
            {
                if (!net.ContainsKey(table))
                {
                    order.Add(table);
                }

                net[table] = exists;
                renamedFrom[table] = from;
            }
        }
    }

    private readonly struct TableEvent
    {
        public TableEvent(int node, bool exists, string? renamedFrom = null)
        {
            Node = node;
            Exists = exists;
            RenamedFrom = renamedFrom;
        }

        /// <summary>The name the table had before the node renamed it (null when the node created it).</summary>
        public string? RenamedFrom { get; }

        public int Node { get; }

        /// <summary>Whether the table exists once the node's Upgrade has run.</summary>
        public bool Exists { get; }
    }
}
