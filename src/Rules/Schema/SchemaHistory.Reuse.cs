using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace MigrationChain.Schema;

/// <summary>
/// Answers of an earlier replay of the chain carried over to a later one. An IDE that analyses the whole project on
/// every keystroke asks every migration's questions again after each edit, although an edit changes one migration
/// and, for almost every other one, nothing its answers rest on: the events of the tables it asked about, and which of
/// those migrations run before it (<see cref="UnchangedAncestry"/>). When both are the same, the earlier answer is the
/// answer; checking that is a look-up per table, where asking again walks the chain's precedence for every event.
/// </summary>
internal sealed partial class SchemaHistory
{
    // Comparisons with earlier replays, held weakly by the earlier one: a replay no answer refers to any longer is not
    // kept alive by the replays that followed it.
    private readonly ConditionalWeakTable<SchemaHistory, Comparison> _comparisons = new();

    /// <summary>
    /// The node's findings: <paramref name="known"/> (computed by <paramref name="earlier"/>) when everything it rests
    /// on is the same here (its own script object, whether unreadable SQL ran before it, the events of every table it
    /// asked about and their order relative to it), else computed again. Either way identical to <see cref="ReplayOf(int)"/>.
    /// </summary>
    public NodeReplay ReplayOf(int node, SchemaHistory? earlier, NodeReplay? known)
    {
        if (ReferenceEquals(earlier, this) && known is not null && known.Node == node)
        {
            return known;
        }

        if (earlier is not null && known is not null && !known.RestsOnWholeChain
            && Against(earlier) is var comparison && comparison.Ancestry.EarlierNode(node) is var match && match >= 0 && match == known.Node
            && ReferenceEquals(_scripts[node], earlier._scripts[match]) && _unreadableBefore[node] == earlier._unreadableBefore[match])
        {
            var same = true;
            foreach (var table in known.Tables)
            {
                if (!comparison.SameAnswers(node, table))
                {
                    same = false;
                    break;
                }
            }

            // Handed back as it is: its Node still names the node of the replay that computed it, which later
            // replays keep comparing themselves with (a chain edited and edited back matches it again).
            if (same)
            {
                return known;
            }
        }

        return ReplayOf(node);
    }

    /// <summary>
    /// True when <c>AgeBefore</c> at <paramref name="node"/> gives, for the same release boundary, what it gave
    /// at <paramref name="earlierNode"/> in <paramref name="earlier"/>: the events of the table and of every table it
    /// was renamed from are the same, and so is their order relative to the node.
    /// </summary>
    public bool AgeStillHolds(SchemaHistory earlier, int earlierNode, int node, string table)
    {
        var comparison = Against(earlier ?? throw new ArgumentNullException(nameof(earlier)));
        if (earlierNode < 0 || comparison.Ancestry.EarlierNode(node) != earlierNode)
        {
            return false;
        }

        if (!comparison.SameAnswers(node, table))
        {
            return false;
        }

        // Most tables were never renamed: nothing more to compare, and nothing allocated per question.
        if (!_events.TryGetValue(table, out var tableEvents) || !HasRename(tableEvents))
        {
            return true;
        }

        // AgeBefore follows renames back, at most 64 deep; every table on the way must have the same events (beyond
        // that many tables the answer is simply asked again).
        var pending = new Stack<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        pending.Push(table);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next))
            {
                continue;
            }

            if (seen.Count > 64 || !comparison.SameAnswers(node, next))
            {
                return false;
            }

            if (_events.TryGetValue(next, out var events))
            {
                foreach (var tableEvent in events)
                {
                    if (tableEvent.RenamedFrom is { } from)
                    {
                        pending.Push(from);
                    }
                }
            }
        }

        return true;
    }

    private static bool HasRename(List<TableEvent> events)
    {
        foreach (var tableEvent in events)
        {
            if (tableEvent.RenamedFrom is not null)
            {
                return true;
            }
        }

        return false;
    }

    private Comparison Against(SchemaHistory earlier) =>
        _comparisons.TryGetValue(earlier, out var known) ? known : _comparisons.GetValue(earlier, e => new Comparison(e, this));

    /// <summary>This replay against one earlier replay of the chain.</summary>
    private sealed class Comparison
    {
        private readonly SchemaHistory _earlier;
        private readonly SchemaHistory _later;
        private readonly ConcurrentDictionary<string, int[]?> _eventNodes = new(StringComparer.Ordinal);

        private UnchangedAncestry? _ancestry;

        public Comparison(SchemaHistory earlier, SchemaHistory later)
        {
            _earlier = earlier;
            _later = later;
        }

        /// <summary>Compared once, by the first thread that asks (the others wait rather than compare again).</summary>
        public UnchangedAncestry Ancestry
        {
            get
            {
                if (Volatile.Read(ref _ancestry) is { } known)
                {
                    return known;
                }

                lock (_eventNodes)
                {
                    return _ancestry ??= UnchangedAncestry.Compare(_earlier._graph, _later._graph);
                }
            }
        }

        /// <summary>
        /// True when a question about the table at <paramref name="node"/> has the earlier answer: the table has the same
        /// events (same migrations by id, in the same order, with the same effect), and no changed migration lies
        /// between any two of the node and those migrations.
        /// </summary>
        public bool SameAnswers(int node, string table)
        {
            if (!_eventNodes.TryGetValue(table, out var nodes))
            {
                nodes = _eventNodes[table] = Compare(table);
            }

            return nodes is not null && Ancestry.KeepsOrder(node, nodes);
        }

        /// <summary>The later chain's nodes with events on the table; null when its events differ from the earlier ones.</summary>
        private int[]? Compare(string table)
        {
            var inEarlier = _earlier._events.TryGetValue(table, out var earlier);
            var inLater = _later._events.TryGetValue(table, out var later);
            if (!inEarlier || !inLater)
            {
                return inEarlier == inLater ? Array.Empty<int>() : null;
            }

            if (earlier!.Count != later!.Count)
            {
                return null;
            }

            var nodes = new int[later.Count];
            for (var i = 0; i < later.Count; i++)
            {
                if (Ancestry.EarlierNode(later[i].Node) != earlier[i].Node
                    || later[i].Exists != earlier[i].Exists
                    || !string.Equals(later[i].RenamedFrom, earlier[i].RenamedFrom, StringComparison.Ordinal))
                {
                    return null;
                }

                nodes[i] = later[i].Node;
            }

            return nodes;
        }
    }
}

/// <summary>One node's replay findings and what they rest on besides the node's ancestry.</summary>
internal sealed class NodeReplay
{
    public NodeReplay(int node)
    {
        Node = node;
        Findings = new List<UnknownTableAlter>();
        Tables = new List<string>();
    }

    /// <summary>The node of the replay that computed it.</summary>
    public int Node { get; }

    public List<UnknownTableAlter> Findings { get; }

    /// <summary>The tables whose events before the node were asked about.</summary>
    public List<string> Tables { get; }

    /// <summary>True when an answer was worked out over the whole chain (a link to advise), not the node's ancestry.</summary>
    public bool RestsOnWholeChain { get; set; }
}
