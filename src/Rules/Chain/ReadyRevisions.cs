using System.Runtime.CompilerServices;

namespace MigrationChain;

/// <summary>
/// The revisions a topological sort may take next, smallest revision id first: a binary heap over node numbers.
/// Node ids are distinct, so the order is total and the sort comes out the same whatever collected the facts; a
/// plain array rather than a sorted set, so a start JIT-compiles two small methods instead of a tree of generic ones.
/// </summary>
internal sealed class ReadyRevisions
{
    private readonly RevisionInfo[] _nodes;
    private readonly int[] _heap;

    public ReadyRevisions(RevisionInfo[] nodes)
    {
        _nodes = nodes;
        _heap = new int[nodes.Length];
    }

    public int Count { get; private set; }

    [MethodImpl(StartPath.Optimized)]
    public void Add(int node)
    {
        var at = Count++;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Before(node, _heap[parent]))
            {
                break;
            }

            _heap[at] = _heap[parent];
            at = parent;
        }

        _heap[at] = node;
    }

    /// <summary>Removes and returns the node with the smallest revision id; <see cref="Count"/> must be positive.</summary>
    [MethodImpl(StartPath.Optimized)]
    public int TakeFirst()
    {
        var first = _heap[0];
        var last = _heap[--Count];
        var at = 0;
        while (true)
        {
            var child = (2 * at) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && Before(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Before(_heap[child], last))
            {
                break;
            }

            _heap[at] = _heap[child];
            at = child;
        }

        if (Count > 0)
        {
            _heap[at] = last;
        }

        return first;
    }

    private bool Before(int a, int b) => string.CompareOrdinal(_nodes[a].Revision, _nodes[b].Revision) < 0;
}
