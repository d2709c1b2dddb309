using System;
using System.Collections.Generic;

namespace MigrationChain.Schema;

/// <summary>
/// Where a later chain differs from an earlier one, and so which "does this migration run before that one?" answers
/// may differ. The changed migrations are those that exist in only one of the two chains or whose predecessors
/// (parents and DependsOn, resolved, in order) differ. A path from <c>a</c> to <c>b</c> can only appear or disappear
/// through such a migration <c>d</c>, entered by one of its predecessor edges: so <c>a</c> is a strict ancestor of
/// <c>d</c> and <c>d</c> an ancestor (or <c>d</c> itself) of <c>b</c>, in one chain or the other. Among migrations of
/// which, for every changed <c>d</c>, none is above <c>d</c> or none is below it, every such answer is the earlier
/// one. An edit that breaks one Parent in the middle of a chain changes one migration: the answers among the
/// migrations after it (a table created there and altered further on) stay; those that reach across it are asked
/// again. One walk of both chains per changed migration; beyond a few changed migrations nothing is carried over.
/// </summary>
internal sealed class UnchangedAncestry
{
    // More changed migrations than this (a branch merged, many files edited at once): every answer is asked again.
    private const int MaxChanged = 8;

    private readonly int[] _earlierNode;
    private readonly bool[][] _above;
    private readonly bool[][] _below;

    private UnchangedAncestry(int[] earlierNode, bool[][] above, bool[][] below, bool comparable)
    {
        _earlierNode = earlierNode;
        _above = above;
        _below = below;
        IsComparable = comparable;
    }

    /// <summary>False when nothing can be carried over: a cycle in either chain, or too many changed migrations.</summary>
    public bool IsComparable { get; }

    /// <summary>Compares <paramref name="later"/> with <paramref name="earlier"/>.</summary>
    public static UnchangedAncestry Compare(RevisionGraph earlier, RevisionGraph later)
    {
        if (earlier is null || later is null)
        {
            throw new ArgumentNullException(earlier is null ? nameof(earlier) : nameof(later));
        }

        var earlierNode = new int[later.Count];
        for (var node = 0; node < later.Count; node++)
        {
            earlierNode[node] = earlier.TryGetIndex(later.Id(node), out var match) ? match : -1;
        }

        var none = Array.Empty<bool[]>();
        if (earlier.HasCycle || later.HasCycle)
        {
            return new UnchangedAncestry(earlierNode, none, none, comparable: false);
        }

        // The changed migrations, by id: in one chain only, or with other predecessors.
        var changed = new List<string>();
        for (var node = 0; node < later.Count && changed.Count <= MaxChanged; node++)
        {
            var match = earlierNode[node];
            if (match < 0 || !SameIds(later, later.Parents[node], earlier, earlier.Parents[match])
                || !SameIds(later, later.DependsOn[node], earlier, earlier.DependsOn[match]))
            {
                changed.Add(later.Id(node));
            }
        }

        for (var node = 0; node < earlier.Count && changed.Count <= MaxChanged; node++)
        {
            if (!later.Contains(earlier.Id(node)))
            {
                changed.Add(earlier.Id(node));
            }
        }

        if (changed.Count > MaxChanged)
        {
            return new UnchangedAncestry(earlierNode, none, none, comparable: false);
        }

        var above = new bool[changed.Count][];
        var below = new bool[changed.Count][];
        for (var i = 0; i < changed.Count; i++)
        {
            above[i] = new bool[later.Count];
            below[i] = new bool[later.Count];
            Mark(later, changed[i], later, above[i], below[i]);
            Mark(earlier, changed[i], later, above[i], below[i]);
        }

        return new UnchangedAncestry(earlierNode, above, below, comparable: true);
    }

    /// <summary>The node of the earlier chain with the same id as <paramref name="node"/> of the later one; -1 when none.</summary>
    public int EarlierNode(int node) => node >= 0 && node < _earlierNode.Length ? _earlierNode[node] : -1;

    /// <summary>
    /// True when every "runs before" answer among <paramref name="node"/> and <paramref name="others"/> (nodes of the
    /// later chain, each with a counterpart in the earlier one) is the earlier chain's answer among their counterparts.
    /// </summary>
    public bool KeepsOrder(int node, IReadOnlyList<int> others)
    {
        if (!IsComparable || EarlierNode(node) < 0)
        {
            return false;
        }

        for (var i = 0; i < _above.Length; i++)
        {
            bool anyAbove = _above[i][node], anyBelow = _below[i][node];
            for (var j = 0; j < others.Count; j++)
            {
                var other = others[j];
                if (EarlierNode(other) < 0)
                {
                    return false;
                }

                anyAbove |= _above[i][other];
                anyBelow |= _below[i][other];
            }

            if (anyAbove && anyBelow)
            {
                return false;
            }
        }

        return true;
    }

    // Marks, over the later chain's nodes, the strict ancestors and the descendants-or-self of the migration with the
    // given id in `graph` (either chain), following parents and DependsOn as the replay's precedence does.
    private static void Mark(RevisionGraph graph, string id, RevisionGraph later, bool[] above, bool[] below)
    {
        if (!graph.TryGetIndex(id, out var start))
        {
            return;
        }

        Walk(graph, start, up: true, later, above, includeStart: false);
        Walk(graph, start, up: false, later, below, includeStart: true);
    }

    private static void Walk(RevisionGraph graph, int start, bool up, RevisionGraph later, bool[] marks, bool includeStart)
    {
        var seen = new bool[graph.Count];
        var pending = new Stack<int>();
        pending.Push(start);
        seen[start] = true;
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if ((node != start || includeStart) && later.TryGetIndex(graph.Id(node), out var inLater))
            {
                marks[inLater] = true;
            }

            foreach (var next in up ? graph.Parents[node] : graph.Children[node])
            {
                if (!seen[next])
                {
                    seen[next] = true;
                    pending.Push(next);
                }
            }

            foreach (var next in up ? graph.DependsOn[node] : graph.Dependents[node])
            {
                if (!seen[next])
                {
                    seen[next] = true;
                    pending.Push(next);
                }
            }
        }
    }

    private static bool SameIds(RevisionGraph later, int[] laterNodes, RevisionGraph earlier, int[] earlierNodes)
    {
        if (laterNodes.Length != earlierNodes.Length)
        {
            return false;
        }

        for (var i = 0; i < laterNodes.Length; i++)
        {
            if (!string.Equals(later.Id(laterNodes[i]), earlier.Id(earlierNodes[i]), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
