using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Rules;

/// <summary>
/// MC1003: more than one head on the same line of development. Heads on distinct labelled branches are intended
/// (expand/contract, plugins); two heads on the same branch, or two unlabelled heads of one chain, are what Alembic
/// reports as "Multiple head revisions are present".
/// </summary>
internal sealed class MultipleHeadsRule : IChainRule
{
    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        // Unlabelled heads are grouped per chain: heads of two unlabelled chains are MC1001's business, not ours.
        var groups = graph.Heads
            .GroupBy(h => graph.Branches[h].IsEmpty ? "main:" + graph.Component[h] : "branch:" + graph.Branches[h].Key)
            .Where(g => g.Count() > 1);

        foreach (var group in groups)
        {
            var heads = group.OrderBy(graph.Id, System.StringComparer.Ordinal).ToList();
            var fork = ClosestCommonAncestor(graph, heads);
            var branch = graph.Branches[heads[0]];
            var headIds = heads.Select(graph.Id).ToList();
            foreach (var head in heads)
            {
                var others = headIds.Where(h => h != graph.Id(head)).ToList();
                string message;
                if (fork is null)
                {
                    message =
                        $"'{graph.Id(head)}' and {Names.List(others)} are heads of {branch} but share no ancestor: " +
                        $"independent chains declare the same Branch. Give each chain its own Branch label.";
                }
                else
                {
                    message =
                        $"'{graph.Id(head)}' and {Names.List(others)} are both heads of {branch}: they descend from " +
                        $"'{graph.Id(fork.Value)}' and no merge joins them (\"Multiple head revisions are present\"). " +
                        $"Add a merge migration with Parents = {Names.ArrayLiteral(headIds)}, or give one of them " +
                        "its own Branch if it is meant to stay separate.";
                }

                var involved = new List<string> { graph.Id(head) };
                involved.AddRange(others);
                if (fork is not null)
                {
                    involved.Add(graph.Id(fork.Value));
                }

                diagnostics.Add(new ChainDiagnostic(
                    RuleIds.MultipleHeads,
                    ChainSeverity.Error,
                    graph.Nodes[head],
                    involved,
                    message,
                    headIds));
            }
        }
    }

    /// <summary>The common ancestor of every head that comes last in topological order, or null when there is none.</summary>
    private static int? ClosestCommonAncestor(RevisionGraph graph, List<int> heads)
    {
        var count = new int[graph.Count];
        foreach (var head in heads)
        {
            var ancestors = graph.Ancestors(new[] { head }, followDependsOn: false);
            for (var node = 0; node < graph.Count; node++)
            {
                if (ancestors[node] && node != head)
                {
                    count[node]++;
                }
            }
        }

        int? best = null;
        for (var node = 0; node < graph.Count; node++)
        {
            if (count[node] == heads.Count
                && (best is null || graph.TopologicalIndex[node] > graph.TopologicalIndex[best.Value]))
            {
                best = node;
            }
        }

        return best;
    }
}
