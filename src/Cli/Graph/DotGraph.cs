using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Cli.Graph;

/// <summary>The chain in Graphviz DOT (<c>mchain history --format dot | dot -Tsvg</c>).</summary>
internal static class DotGraph
{
    public static IEnumerable<string> Write(IReadOnlyList<GraphNode> oldestFirst)
    {
        var known = oldestFirst.Select(n => n.Revision).ToHashSet(System.StringComparer.Ordinal);
        yield return "digraph migrations {";
        yield return "    rankdir=TB;";
        yield return "    node [shape=box, fontname=\"monospace\"];";
        foreach (var node in oldestFirst)
        {
            var attributes = new List<string>();
            if (node.IsHead)
            {
                attributes.Add("penwidth=2");
            }

            if (node.Parents.Count > 1)
            {
                attributes.Add("shape=diamond");
            }

            if (node.IsApplied == true)
            {
                attributes.Add("style=filled, fillcolor=\"#d4f4dd\"");
            }

            yield return $"    {Quote(node.Revision)}{(attributes.Count == 0 ? string.Empty : $" [{string.Join(", ", attributes)}]")};";
        }

        foreach (var node in oldestFirst)
        {
            foreach (var parent in node.Parents.Where(known.Contains))
            {
                yield return $"    {Quote(parent)} -> {Quote(node.Revision)};";
            }
        }

        yield return "}";
    }

    // Revision ids hold no quotes or backslashes (RevisionId forbids them), so quoting needs no escaping.
    private static string Quote(string id) => "\"" + id + "\"";
}
