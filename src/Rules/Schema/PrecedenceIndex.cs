using System;
using System.Collections.Generic;

namespace MigrationChain.Schema;

/// <summary>
/// Answers "is this migration certain to have run before that one?": true when it is an ancestor through parents or
/// DependsOn entries. Straight runs of the chain (one parent, one child) are numbered as segments, so in the common
/// long linear chain a question is a comparison of two numbers rather than a walk.
/// </summary>
internal sealed class PrecedenceIndex
{
    private readonly RevisionGraph _graph;
    private readonly int[] _segment;
    private readonly int[] _position;
    private readonly List<int[]> _segmentPredecessors = new();

    public PrecedenceIndex(RevisionGraph graph)
    {
        _graph = graph ?? throw new ArgumentNullException(nameof(graph));
        _segment = new int[graph.Count];
        _position = new int[graph.Count];
        for (var node = 0; node < graph.Count; node++)
        {
            _segment[node] = -1;
        }

        foreach (var node in graph.TopologicalOrder)
        {
            var predecessors = Predecessors(node);
            if (predecessors.Length == 1 && Successors(predecessors[0]) == 1)
            {
                _segment[node] = _segment[predecessors[0]];
                _position[node] = _position[predecessors[0]] + 1;
            }
            else
            {
                _segment[node] = _segmentPredecessors.Count;
                _segmentPredecessors.Add(predecessors);
            }
        }
    }

    /// <summary>Every node that runs right before <paramref name="node"/>: its parents and DependsOn targets.</summary>
    public int[] Predecessors(int node)
    {
        var parents = _graph.Parents[node];
        var dependsOn = _graph.DependsOn[node];
        if (dependsOn.Length == 0)
        {
            return parents;
        }

        var all = new List<int>(parents);
        foreach (var target in dependsOn)
        {
            if (!all.Contains(target))
            {
                all.Add(target);
            }
        }

        return all.ToArray();
    }

    /// <summary>
    /// True when <paramref name="before"/> is a strict ancestor of <paramref name="node"/>. False for nodes on a cycle:
    /// nothing is certain about their order.
    /// </summary>
    public bool RunsBefore(int before, int node)
    {
        var floor = _graph.TopologicalIndex[before];
        if (floor < 0 || _graph.TopologicalIndex[node] <= floor)
        {
            return false;
        }

        var target = _segment[before];
        if (_segment[node] == target)
        {
            return _position[before] < _position[node];
        }

        var seen = new HashSet<int> { _segment[node] };
        var stack = new Stack<int[]>();
        stack.Push(_segmentPredecessors[_segment[node]]);
        while (stack.Count > 0)
        {
            foreach (var predecessor in stack.Pop())
            {
                if (_graph.TopologicalIndex[predecessor] < floor)
                {
                    continue;
                }

                var segment = _segment[predecessor];
                if (segment == target)
                {
                    // Everything before 'before' in its own segment also comes before it, so a miss here is final.
                    if (_position[predecessor] >= _position[before])
                    {
                        return true;
                    }
                }
                else if (seen.Add(segment))
                {
                    stack.Push(_segmentPredecessors[segment]);
                }
            }
        }

        return false;
    }

    private int Successors(int node) => _graph.Children[node].Length + _graph.Dependents[node].Length;
}
