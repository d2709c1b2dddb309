using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Rules;

/// <summary>
/// MC1005: revisions that name each other as parents (or DependsOn entries) in a loop can never be ordered.
/// Revisions that merely descend from a cycle are not reported: fixing the cycle fixes them.
/// </summary>
internal sealed class CycleRule : IChainRule
{
    public string Id => RuleIds.Cycle;

    public ChainSeverity Severity => ChainSeverity.Error;

    private const int MaxShown = 12;

    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        if (graph.HasCycle)
        {
            Report(graph, diagnostics);
        }
    }

    // Apart from Check so a start, where the chain has no cycle, never JIT-compiles the LINQ and messages below.
    private void Report(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        foreach (var cycle in FindCycles(graph))
        {
            // Messages show a bounded stretch of the loop: a huge cycle must not make every message huge.
            var shown = cycle.Take(MaxShown).Select(n => $"'{graph.Id(n)}'").ToList();
            var path = cycle.Count <= MaxShown
                ? string.Join(" -> ", shown) + $" -> '{graph.Id(cycle[0])}'"
                : string.Join(" -> ", shown) + $" -> ... ({cycle.Count - MaxShown} more) -> '{graph.Id(cycle[0])}'";
            var members = cycle.Take(MaxShown).Select(graph.Id).ToList();
            foreach (var node in cycle)
            {
                var id = graph.Id(node);
                var message = cycle.Count == 1
                    ? $"'{id}' names itself as its parent. Set Parent to the revision it follows."
                    : $"'{id}' is on a cycle: {path} (each names the next as its parent or dependency), " +
                      "so no order can run them. Point the oldest of them at a revision outside the cycle.";
                var involved = new List<string>(members.Count + 1) { id };
                involved.AddRange(members.Where(m => m != id));
                diagnostics.Add(new ChainDiagnostic(Id, Severity, graph.Nodes[node], involved, message));
            }
        }
    }

    /// <summary>
    /// One simple cycle through each strongly connected component of the unordered nodes (Tarjan's algorithm,
    /// iterative so a long chain cannot exhaust the stack).
    /// </summary>
    private static List<List<int>> FindCycles(RevisionGraph graph)
    {
        var index = new int[graph.Count];
        var low = new int[graph.Count];
        var onStack = new bool[graph.Count];
        for (var i = 0; i < graph.Count; i++)
        {
            index[i] = -1;
        }

        var components = new List<List<int>>();
        var stack = new Stack<int>();
        var counter = 0;
        for (var start = 0; start < graph.Count; start++)
        {
            if (graph.TopologicalIndex[start] >= 0 || index[start] >= 0)
            {
                continue;
            }

            var work = new Stack<(int Node, int Edge)>();
            work.Push((start, 0));
            index[start] = low[start] = counter++;
            stack.Push(start);
            onStack[start] = true;
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                var successors = Successors(graph, node);
                if (edge < successors.Count)
                {
                    work.Push((node, edge + 1));
                    var next = successors[edge];
                    if (index[next] < 0)
                    {
                        index[next] = low[next] = counter++;
                        stack.Push(next);
                        onStack[next] = true;
                        work.Push((next, 0));
                    }
                    else if (onStack[next])
                    {
                        low[node] = System.Math.Min(low[node], index[next]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = System.Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);

                    var selfLoop = component.Count == 1 && Successors(graph, node).Contains(node);
                    if (component.Count > 1 || selfLoop)
                    {
                        components.Add(component);
                    }
                }
            }
        }

        return components.Select(c => SimpleCycle(graph, c)).ToList();
    }

    private static List<int> Successors(RevisionGraph graph, int node)
    {
        var successors = new List<int>(graph.Parents[node].Length + graph.DependsOn[node].Length);
        foreach (var next in graph.Parents[node])
        {
            if (graph.TopologicalIndex[next] < 0)
            {
                successors.Add(next);
            }
        }

        foreach (var next in graph.DependsOn[node])
        {
            if (graph.TopologicalIndex[next] < 0)
            {
                successors.Add(next);
            }
        }

        return successors;
    }

    /// <summary>Walks inside the component from its smallest id until a node repeats: that loop is a real cycle.</summary>
    private static List<int> SimpleCycle(RevisionGraph graph, List<int> component)
    {
        var members = new HashSet<int>(component);
        var node = component.OrderBy(graph.Id, System.StringComparer.Ordinal).First();
        var path = new List<int>();
        var position = new Dictionary<int, int>();
        while (!position.ContainsKey(node))
        {
            position[node] = path.Count;
            path.Add(node);
            node = Successors(graph, node).First(members.Contains);
        }

        return path.Skip(position[node]).ToList();
    }
}
