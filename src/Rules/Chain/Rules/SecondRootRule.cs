using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Rules;

/// <summary>
/// MC1001: two roots, neither labelled. This is the mid-chain <c>down_revision = None</c>: the database sees two
/// independent chains and may run the later migration first.
/// </summary>
internal sealed class SecondRootRule : IChainRule
{
    public string Id => RuleIds.SecondRoot;

    public ChainSeverity Severity => ChainSeverity.Error;

    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        var roots = UnlabelledRoots(graph);
        if (roots.Count >= 2)
        {
            Report(graph, roots, diagnostics);
        }
    }

    // Apart from Check so a start with one root never JIT-compiles the LINQ and messages below.
    private void Report(RevisionGraph graph, List<int> roots, List<ChainDiagnostic> diagnostics)
    {
        var main = MainRoot(graph)!.Value;

        foreach (var root in roots)
        {
            var others = roots.Where(r => r != root).Select(graph.Id).ToList();
            var id = graph.Id(root);
            string message;
            var suggestion = new List<string>();
            if (root == main)
            {
                var stray = roots.Where(r => r != main).Select(graph.Id).ToList();
                message =
                    $"'{id}' is a root, and {Names.List(stray)} {(stray.Count == 1 ? "is" : "are")} also {(stray.Count == 1 ? "a root" : "roots")} " +
                    "without a Branch: the database would see independent chains and could run them in any order. " +
                    $"Give {Names.List(stray)} a Parent on this chain, or declare a Branch if {(stray.Count == 1 ? "it is" : "they are")} meant to be independent.";
            }
            else
            {
                var head = MainLineHead(graph, main, root);
                if (head is not null)
                {
                    suggestion.Add(head);
                }

                message =
                    $"'{id}' declares no Parent, but {Names.List(others)} {(others.Count == 1 ? "is" : "are")} already {(others.Count == 1 ? "a root" : "roots")}: " +
                    $"the database would see two independent chains and could run '{id}' before the migrations it builds on. " +
                    (head is null
                        ? "Set Parent to the revision it follows"
                        : $"Set Parent = \"{head}\" (the head of the chain from '{graph.Id(main)}')") +
                    ", or declare a Branch if it is meant to be an independent chain.";
            }

            diagnostics.Add(new ChainDiagnostic(
                Id,
                Severity,
                graph.Nodes[root],
                new[] { id }.Concat(others).ToArray(),
                message,
                suggestion));
        }
    }

    /// <summary>
    /// The root of the main line: the largest unlabelled chain (ties: the earliest root id), or null without an
    /// unlabelled root. Every other unlabelled root is the likely stray, and the fix suggested for it is to hang it
    /// under the main line's head. The schema replay asks the same question when a table comes from the other chain.
    /// </summary>
    internal static int? MainRoot(RevisionGraph graph)
    {
        var roots = UnlabelledRoots(graph);
        if (roots.Count == 0)
        {
            return null;
        }

        var size = ComponentSizes(graph);
        return roots
            .OrderByDescending(r => size[graph.Component[r]])
            .ThenBy(r => graph.Id(r), System.StringComparer.Ordinal)
            .First();
    }

    // A loop, not LINQ: this runs at every application's start, where a Where/ToList over ints is JIT work.
    private static List<int> UnlabelledRoots(RevisionGraph graph)
    {
        var roots = new List<int>(graph.Roots.Count);
        foreach (var root in graph.Roots)
        {
            if (!graph.Nodes[root].HasBranch)
            {
                roots.Add(root);
            }
        }

        return roots;
    }

    private static Dictionary<int, int> ComponentSizes(RevisionGraph graph)
    {
        var size = new Dictionary<int, int>();
        foreach (var component in graph.Component)
        {
            size.TryGetValue(component, out var count);
            size[component] = count + 1;
        }

        return size;
    }

    /// <summary>The last unlabelled head of the main chain, unless the stray root is already joined to it.</summary>
    internal static string? MainLineHead(RevisionGraph graph, int main, int stray)
    {
        if (graph.Component[main] == graph.Component[stray])
        {
            return null;
        }

        string? head = null;
        foreach (var node in graph.Heads)
        {
            if (graph.Component[node] == graph.Component[main] && graph.Branches[node].IsEmpty)
            {
                head = graph.Id(node);
            }
        }

        return head;
    }
}
