using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Rules;

/// <summary>
/// MC1003: more than one head on the same line of development. Heads on distinct labelled branches are intended
/// (expand/contract, plugins); two heads on the same branch, or two unlabelled heads of one chain, are what Alembic
/// reports as "Multiple head revisions are present". Heads that descend from a cycle are judged too: the cycle
/// (MC1005) and the fork behind it are independent problems, and the developer should see both in one build.
/// </summary>
internal sealed class MultipleHeadsRule : IChainRule
{
    public string Id => RuleIds.MultipleHeads;

    public ChainSeverity Severity => ChainSeverity.Error;

    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        // The common chain: one head and nothing behind a cycle, so no group can hold two.
        if (graph.Heads.Count >= 2 || graph.HasCycle)
        {
            Report(graph, diagnostics);
        }
    }

    // Apart from Check so a start with one head never JIT-compiles the grouping and messages below.
    private void Report(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        // Unlabelled heads are grouped per chain: heads of two unlabelled chains are MC1001's business, not ours.
        var branches = new Dictionary<int, BranchSet>();
        foreach (var head in AllHeads(graph))
        {
            branches[head] = graph.TopologicalIndex[head] >= 0 ? graph.Branches[head] : BranchesBehindCycle(graph, head);
        }

        var groups = branches.Keys
            .GroupBy(h => branches[h].IsEmpty ? "main:" + graph.Component[h] : "branch:" + branches[h].Key)
            .Where(g => g.Count() > 1);

        foreach (var group in groups)
        {
            var heads = group.OrderBy(graph.Id, System.StringComparer.Ordinal).ToList();
            var fork = heads.Any(h => graph.TopologicalIndex[h] < 0)
                ? NearestCommonAncestor(graph, heads)
                : ClosestCommonAncestor(graph, heads);
            var branch = branches[heads[0]];
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
                    Id,
                    Severity,
                    graph.Nodes[head],
                    involved,
                    message,
                    headIds));
            }
        }
    }

    /// <summary>
    /// The graph's heads (which only come from the ordered part), then the revisions nothing builds on that lie behind
    /// a cycle: nothing orders them, but two of them forked from one parent are still two heads once the cycle is fixed.
    /// </summary>
    private static IEnumerable<int> AllHeads(RevisionGraph graph)
    {
        foreach (var head in graph.Heads)
        {
            yield return head;
        }

        if (!graph.HasCycle)
        {
            yield break;
        }

        for (var node = 0; node < graph.Count; node++)
        {
            if (graph.TopologicalIndex[node] < 0 && graph.Children[node].Length == 0 && !IsOnCycle(graph, node))
            {
                yield return node;
            }
        }
    }

    // A node without children can only be on a cycle through a DependsOn entry that leads back to it.
    private static bool IsOnCycle(RevisionGraph graph, int node) =>
        graph.Dependents[node].Length > 0 && graph.Descendants(graph.Dependents[node])[node];

    /// <summary>The labels of every ancestor, as <see cref="RevisionGraph.Branches"/> gives them for ordered nodes.</summary>
    private static BranchSet BranchesBehindCycle(RevisionGraph graph, int head)
    {
        var ancestors = graph.Ancestors(new[] { head }, followDependsOn: false);
        var set = BranchSet.Empty;
        for (var node = 0; node < graph.Count; node++)
        {
            if (ancestors[node] && graph.Nodes[node].HasBranch)
            {
                set = set.With(graph.Nodes[node].Branch!.Trim());
            }
        }

        return set;
    }

    /// <summary>
    /// For heads behind a cycle, where topological positions do not exist: the common ancestor the fewest parent steps
    /// above the first head. A nearer one cannot be an ancestor of another common ancestor, so it is where they fork.
    /// </summary>
    private static int? NearestCommonAncestor(RevisionGraph graph, List<int> heads)
    {
        var common = new bool[graph.Count];
        for (var node = 0; node < graph.Count; node++)
        {
            common[node] = true;
        }

        foreach (var head in heads)
        {
            var ancestors = graph.Ancestors(new[] { head }, followDependsOn: false);
            for (var node = 0; node < graph.Count; node++)
            {
                common[node] &= ancestors[node] && node != head;
            }
        }

        var seen = new HashSet<int> { heads[0] };
        var queue = new Queue<int>();
        queue.Enqueue(heads[0]);
        while (queue.Count > 0)
        {
            foreach (var parent in graph.Parents[queue.Dequeue()])
            {
                if (common[parent])
                {
                    return parent;
                }

                if (seen.Add(parent))
                {
                    queue.Enqueue(parent);
                }
            }
        }

        return null;
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
