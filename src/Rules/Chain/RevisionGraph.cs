using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace MigrationChain;

/// <summary>
/// The revision facts indexed once, so every rule and every planning question is a walk over arrays.
/// Built even from a broken chain: duplicates keep their first declaration, references to missing revisions
/// are dropped from the edges, and revisions on a cycle are left out of the topological order.
/// </summary>
internal sealed partial class RevisionGraph
{
    private readonly Dictionary<string, int> _index;

    private RevisionGraph(
        IReadOnlyList<RevisionInfo> declarations,
        RevisionInfo[] nodes,
        Dictionary<string, int> index)
    {
        Declarations = declarations;
        Nodes = nodes;
        _index = index;
        var count = nodes.Length;
        Parents = new int[count][];
        DependsOn = new int[count][];
        Children = new int[count][];
        Dependents = new int[count][];
        TopologicalIndex = new int[count];
        Branches = new BranchSet[count];
        Component = new int[count];
    }

    /// <summary>Every declaration, duplicates included, in input order.</summary>
    public IReadOnlyList<RevisionInfo> Declarations { get; }

    /// <summary>One node per distinct revision id (the first declaration wins).</summary>
    public RevisionInfo[] Nodes { get; }

    /// <summary>Existing parents of each node, without repeats.</summary>
    public int[][] Parents { get; }

    /// <summary>Existing DependsOn targets of each node, without repeats.</summary>
    public int[][] DependsOn { get; }

    /// <summary>Nodes naming each node as a parent.</summary>
    public int[][] Children { get; }

    /// <summary>Nodes naming each node in DependsOn.</summary>
    public int[][] Dependents { get; }

    /// <summary>
    /// Nodes in an order where every parent and DependsOn target comes first; ties are broken by revision id so the
    /// order never depends on how the facts were collected. Nodes on or behind a cycle are missing.
    /// </summary>
    public int[] TopologicalOrder { get; private set; } = Array.Empty<int>();

    /// <summary>Position of each node in <see cref="TopologicalOrder"/>, or -1 when it is on or behind a cycle.</summary>
    public int[] TopologicalIndex { get; }

    /// <summary>True when some nodes could not be ordered.</summary>
    public bool HasCycle => TopologicalOrder.Length != Nodes.Length;

    /// <summary>The branch labels each node lies on: its own and those of all its parents.</summary>
    public BranchSet[] Branches { get; }

    /// <summary>Connected component of each node over parent edges (DependsOn joins nothing).</summary>
    public int[] Component { get; }

    /// <summary>Nodes declaring no parent.</summary>
    public IReadOnlyList<int> Roots { get; private set; } = Array.Empty<int>();

    /// <summary>Ordered nodes without children, in topological order.</summary>
    public IReadOnlyList<int> Heads { get; private set; } = Array.Empty<int>();

    public int Count => Nodes.Length;

    public static RevisionGraph Build(IEnumerable<RevisionInfo> revisions)
    {
        if (revisions is null)
        {
            throw new ArgumentNullException(nameof(revisions));
        }

        return revisions is IReadOnlyList<RevisionInfo> list ? Build(list) : Build(new List<RevisionInfo>(revisions));
    }

    // Runs at every application's start over every revision: plain loops over arrays sized once, compiled optimized
    // from the first call (a cold start would otherwise walk 10,000 revisions in unoptimized code).
    [MethodImpl(StartPath.Optimized)]
    private static RevisionGraph Build(IReadOnlyList<RevisionInfo> revisions)
    {
        // Sized once; no list copied into an array: a start builds this graph over 10,000 revisions and every
        // intermediate collection of that size is garbage the next collection must walk past.
        var nodes = new RevisionInfo[revisions.Count];
        var index = new Dictionary<string, int>(revisions.Count, StringComparer.Ordinal);
        var count = 0;
        List<RevisionInfo>? declarations = null;
        for (var i = 0; i < revisions.Count; i++)
        {
            var revision = revisions[i];
            if (revision is null)
            {
                // The first gap: the declarations become a copy without the gaps.
                declarations ??= Prefix(revisions, i);
                continue;
            }

            declarations?.Add(revision);
            if (revision.Revision is { Length: > 0 } id && !index.ContainsKey(id))
            {
                index.Add(id, count);
                nodes[count++] = revision;
            }
        }

        if (count < nodes.Length)
        {
            Array.Resize(ref nodes, count);
        }

        // An array the caller handed over (the runtime's catalog builds one for this call) is the declarations as they
        // are; a list is copied, since its owner may change it after the graph is built.
        IReadOnlyList<RevisionInfo> all = declarations is not null ? declarations
            : revisions is RevisionInfo[] array ? array
            : new List<RevisionInfo>(revisions);
        var graph = new RevisionGraph(all, nodes, index);
        graph.LinkEdges();
        graph.SortTopologically();
        graph.LabelBranches();
        graph.FindComponents();
        graph.FindRootsAndHeads();
        return graph;
    }

    private static List<RevisionInfo> Prefix(IReadOnlyList<RevisionInfo> revisions, int length)
    {
        var prefix = new List<RevisionInfo>(revisions.Count);
        for (var i = 0; i < length; i++)
        {
            prefix.Add(revisions[i]);
        }

        return prefix;
    }

    public bool TryGetIndex(string revision, out int node) => _index.TryGetValue(revision, out node);

    public bool Contains(string revision) => _index.ContainsKey(revision);

    public string Id(int node) => Nodes[node].Revision;

    /// <summary>
    /// Marks every ancestor of the start nodes (the start nodes included). With <paramref name="followDependsOn"/>
    /// DependsOn targets count as ancestors too: they must run first.
    /// </summary>
    public bool[] Ancestors(IEnumerable<int> start, bool followDependsOn) =>
        Reach(start, Parents, followDependsOn ? DependsOn : null);

    /// <summary>Marks every descendant of the start nodes (the start nodes included), through children and dependents.</summary>
    public bool[] Descendants(IEnumerable<int> start) => Reach(start, Children, Dependents);

    /// <summary>Every node reachable from the start nodes over one or two kinds of edge; iterative, so depth is free.</summary>
    private bool[] Reach(IEnumerable<int> start, int[][] edges, int[][]? moreEdges)
    {
        var seen = new bool[Count];
        var stack = new Stack<int>();
        foreach (var node in start)
        {
            Visit(node);
        }

        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var next in edges[node])
            {
                Visit(next);
            }

            if (moreEdges is not null)
            {
                foreach (var next in moreEdges[node])
                {
                    Visit(next);
                }
            }
        }

        return seen;

        void Visit(int node)
        {
            if (!seen[node])
            {
                seen[node] = true;
                stack.Push(node);
            }
        }
    }

    /// <summary>
    /// True when <paramref name="ancestor"/> is reachable from <paramref name="node"/> through parents. The search is
    /// pruned by topological position, so asking about a distant ancestor stays cheap in a long chain.
    /// </summary>
    public bool IsAncestor(int ancestor, int node)
    {
        var floor = TopologicalIndex[ancestor];
        if (floor < 0 || TopologicalIndex[node] <= floor)
        {
            return false;
        }

        var seen = new HashSet<int> { node };
        var stack = new Stack<int>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            foreach (var parent in Parents[stack.Pop()])
            {
                if (parent == ancestor)
                {
                    return true;
                }

                if (TopologicalIndex[parent] > floor && seen.Add(parent))
                {
                    stack.Push(parent);
                }
            }
        }

        return false;
    }

    // Kahn's algorithm, ties broken by revision id (see ReadyRevisions).
    [MethodImpl(StartPath.Optimized)]
    private void SortTopologically()
    {
        var pending = new int[Count];
        var ready = new ReadyRevisions(Nodes);
        for (var node = 0; node < Count; node++)
        {
            pending[node] = Parents[node].Length + DependsOn[node].Length;
            if (pending[node] == 0)
            {
                ready.Add(node);
            }
        }

        var order = new int[Count];
        var ordered = 0;
        while (ready.Count > 0)
        {
            var node = ready.TakeFirst();
            TopologicalIndex[node] = ordered;
            order[ordered++] = node;
            foreach (var next in Children[node])
            {
                if (--pending[next] == 0)
                {
                    ready.Add(next);
                }
            }

            foreach (var next in Dependents[node])
            {
                if (--pending[next] == 0)
                {
                    ready.Add(next);
                }
            }
        }

        for (var node = 0; node < Count; node++)
        {
            if (pending[node] > 0)
            {
                TopologicalIndex[node] = -1;
            }
        }

        if (ordered < Count)
        {
            Array.Resize(ref order, ordered);
        }

        TopologicalOrder = order;
    }

    [MethodImpl(StartPath.Optimized)]
    private void LabelBranches()
    {
        for (var node = 0; node < Count; node++)
        {
            Branches[node] = BranchSet.Empty;
        }

        foreach (var node in TopologicalOrder)
        {
            var own = Nodes[node].HasBranch ? Nodes[node].Branch!.Trim() : null;
            var parents = Parents[node];
            var set = parents.Length == 1 ? Branches[parents[0]] : BranchSet.Empty;
            if (parents.Length > 1)
            {
                foreach (var parent in parents)
                {
                    set = set.Union(Branches[parent]);
                }
            }

            Branches[node] = own is null ? set : set.With(own);
        }
    }

    [MethodImpl(StartPath.Optimized)]
    private void FindComponents()
    {
        var root = new int[Count];
        for (var node = 0; node < Count; node++)
        {
            root[node] = node;
        }

        for (var node = 0; node < Count; node++)
        {
            foreach (var parent in Parents[node])
            {
                var a = Find(node);
                var b = Find(parent);
                if (a != b)
                {
                    root[Math.Max(a, b)] = Math.Min(a, b);
                }
            }
        }

        for (var node = 0; node < Count; node++)
        {
            Component[node] = Find(node);
        }

        int Find(int node)
        {
            while (root[node] != node)
            {
                root[node] = root[root[node]];
                node = root[node];
            }

            return node;
        }
    }

    [MethodImpl(StartPath.Optimized)]
    private void FindRootsAndHeads()
    {
        var roots = new List<int>();
        for (var node = 0; node < Count; node++)
        {
            if (Nodes[node].Parents.Count == 0)
            {
                roots.Add(node);
            }
        }

        var heads = new List<int>();
        foreach (var node in TopologicalOrder)
        {
            if (Children[node].Length == 0)
            {
                heads.Add(node);
            }
        }

        Roots = roots;
        Heads = heads;
    }
}
