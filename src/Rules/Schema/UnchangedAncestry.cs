using System;
using System.Collections.Generic;

namespace MigrationChain.Schema;

/// <summary>
/// Which migrations of a later replay of a chain have exactly the ancestry they had in an earlier one: the same
/// revision id, the same predecessors (parents and DependsOn, in order), each of which is itself unchanged, and the
/// same knowledge of their scripts (whether SQL that cannot be read runs). For such a migration every "is this one an
/// ancestor of that one?" question among unchanged migrations has the earlier answer, and so has "did unreadable SQL
/// run before it?"; what the scripts do to each table is compared per table by the replay, so an edit of one
/// migration's SQL leaves its descendants unchanged here. One pass over the later chain in topological order: an edit
/// costs this linear check, not a replay of every migration.
/// </summary>
internal sealed class UnchangedAncestry
{
    private readonly int[] _earlierNode;

    private UnchangedAncestry(int[] earlierNode)
    {
        _earlierNode = earlierNode;
    }

    /// <summary>Compares <paramref name="later"/> with <paramref name="earlier"/> node by node.</summary>
    public static UnchangedAncestry Compare(
        RevisionGraph earlier,
        IReadOnlyList<MigrationScript?> earlierScripts,
        RevisionGraph later,
        IReadOnlyList<MigrationScript?> laterScripts)
    {
        if (earlier is null || earlierScripts is null || later is null || laterScripts is null)
        {
            throw new ArgumentNullException(earlier is null ? nameof(earlier) : later is null ? nameof(later) : "scripts");
        }

        // -1: changed (or on or behind a cycle in either chain, where nothing about order is certain).
        var earlierNode = new int[later.Count];
        for (var node = 0; node < earlierNode.Length; node++)
        {
            earlierNode[node] = -1;
        }

        foreach (var node in later.TopologicalOrder)
        {
            if (earlier.TryGetIndex(later.Id(node), out var match)
                && earlier.TopologicalIndex[match] >= 0
                && Unreadable(laterScripts[node]) == Unreadable(earlierScripts[match])
                && SamePredecessors(later.Parents[node], earlier.Parents[match], earlierNode)
                && SamePredecessors(later.DependsOn[node], earlier.DependsOn[match], earlierNode))
            {
                earlierNode[node] = match;
            }
        }

        return new UnchangedAncestry(earlierNode);
    }

    /// <summary>True when <paramref name="node"/> (of the later chain) and all its ancestors are unchanged.</summary>
    public bool IsUnchanged(int node) => node >= 0 && node < _earlierNode.Length && _earlierNode[node] >= 0;

    /// <summary>The node of the earlier chain an unchanged node corresponds to; -1 when it changed.</summary>
    public int EarlierNode(int node) => node >= 0 && node < _earlierNode.Length ? _earlierNode[node] : -1;

    private static bool Unreadable(MigrationScript? script) => script is null || script.HasUnknownUpgrade;

    // The topological order visits every predecessor first, so its entry is final when a node is compared.
    private static bool SamePredecessors(int[] later, int[] earlier, int[] earlierNode)
    {
        if (later.Length != earlier.Length)
        {
            return false;
        }

        for (var i = 0; i < later.Length; i++)
        {
            if (earlierNode[later[i]] != earlier[i])
            {
                return false;
            }
        }

        return true;
    }
}
