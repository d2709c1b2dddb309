using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace MigrationChain;

/// <summary>The graph's edges: each node's parents and DependsOn targets resolved to nodes, and the reverse lists.</summary>
internal sealed partial class RevisionGraph
{
    [MethodImpl(StartPath.Optimized)]
    private void LinkEdges()
    {
        // Counted first, then filled in node order: each node's children and dependents come out in the same order a
        // list per node would give, with one exact-size array per node that has any and none for those that do not.
        // A one-node edge list is the shared array holding that node (see Single), so in a linear chain the parents
        // of n + 1 and the children of n - 1 are one array, not two.
        var childCount = new int[Count];
        var dependentCount = new int[Count];
        for (var node = 0; node < Count; node++)
        {
            var parents = Parents[node] = Resolve(Nodes[node].Parents);
            var targets = DependsOn[node] = Resolve(Nodes[node].DependsOn);
            for (var i = 0; i < parents.Length; i++)
            {
                childCount[parents[i]]++;
            }

            for (var i = 0; i < targets.Length; i++)
            {
                dependentCount[targets[i]]++;
            }
        }

        for (var node = 0; node < Count; node++)
        {
            // One-edge lists are filled below with the shared array; -1 marks them.
            Children[node] = childCount[node] <= 1 ? Array.Empty<int>() : new int[childCount[node]];
            Dependents[node] = dependentCount[node] <= 1 ? Array.Empty<int>() : new int[dependentCount[node]];
            childCount[node] = childCount[node] == 1 ? -1 : 0;
            dependentCount[node] = dependentCount[node] == 1 ? -1 : 0;
        }

        for (var node = 0; node < Count; node++)
        {
            foreach (var parent in Parents[node])
            {
                Add(Children, childCount, parent, node);
            }

            foreach (var target in DependsOn[node])
            {
                Add(Dependents, dependentCount, target, node);
            }
        }

        _singles = null;
    }

    [MethodImpl(StartPath.Optimized)]
    private void Add(int[][] lists, int[] filled, int owner, int node)
    {
        if (filled[owner] < 0)
        {
            lists[owner] = Single(node);
        }
        else
        {
            lists[owner][filled[owner]++] = node;
        }
    }

    // The one-element array holding node, shared by every edge list that is exactly that node (read-only, as every
    // edge list is); only while the edges are linked.
    [MethodImpl(StartPath.Optimized)]
    private int[] Single(int node)
    {
        _singles ??= new int[Count][];
        return _singles[node] ??= new[] { node };
    }

    private int[]?[]? _singles;

    // A self-reference is kept: it is a cycle of length one, and the cycle rule must see it.
    [MethodImpl(StartPath.Optimized)]
    private int[] Resolve(IReadOnlyList<string> references)
    {
        if (references.Count == 0)
        {
            return Array.Empty<int>();
        }

        if (references.Count == 1)
        {
            return references[0] is { } only && _index.TryGetValue(only, out var single) ? Single(single) : Array.Empty<int>();
        }

        var resolved = new List<int>(references.Count);
        for (var i = 0; i < references.Count; i++)
        {
            if (references[i] is { } reference && _index.TryGetValue(reference, out var target) && !resolved.Contains(target))
            {
                resolved.Add(target);
            }
        }

        return resolved.Count == 1 ? Single(resolved[0]) : resolved.ToArray();
    }
}
