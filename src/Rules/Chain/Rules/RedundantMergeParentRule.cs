using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace MigrationChain.Rules;

/// <summary>
/// MC1008 (warning): a merge parent that is already an ancestor of another parent joins nothing; it usually means the
/// merge was written against an old view of the heads.
/// </summary>
internal sealed class RedundantMergeParentRule : IChainRule
{
    public string Id => RuleIds.RedundantMergeParent;

    public ChainSeverity Severity => ChainSeverity.Warning;

    [MethodImpl(StartPath.Optimized)]
    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        for (var merge = 0; merge < graph.Count; merge++)
        {
            if (graph.Parents[merge].Length >= 2 && graph.TopologicalIndex[merge] >= 0)
            {
                CheckMerge(graph, merge, diagnostics);
            }
        }
    }

    // Apart from Check so a start without merges never JIT-compiles the message below.
    private void CheckMerge(RevisionGraph graph, int merge, List<ChainDiagnostic> diagnostics)
    {
        var parents = graph.Parents[merge];
        foreach (var parent in parents)
        {
            foreach (var other in parents)
            {
                if (other == parent || !graph.IsAncestor(parent, other))
                {
                    continue;
                }

                var id = graph.Id(merge);
                diagnostics.Add(new ChainDiagnostic(
                    Id,
                    Severity,
                    graph.Nodes[merge],
                    new[] { id, graph.Id(parent), graph.Id(other) },
                    $"Merge '{id}' names '{graph.Id(parent)}' as a parent, but it is already an ancestor of " +
                    $"'{graph.Id(other)}', so the merge joins nothing there. Remove '{graph.Id(parent)}' from Parents."));
                break;
            }
        }
    }
}
