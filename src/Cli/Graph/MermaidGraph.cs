using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Cli.Graph;

/// <summary>The chain as a Mermaid flowchart (oldest at the top), for Markdown documents and pull requests.</summary>
internal static class MermaidGraph
{
    public static IEnumerable<string> Write(IReadOnlyList<GraphNode> oldestFirst)
    {
        var ids = oldestFirst.Select((n, i) => (n.Revision, Id: $"r{i}")).ToDictionary(p => p.Revision, p => p.Id, System.StringComparer.Ordinal);
        yield return "flowchart TD";
        foreach (var node in oldestFirst)
        {
            // Mermaid would read quotes and brackets inside a label as syntax.
            var label = node.Revision.Replace("\"", "#quot;", System.StringComparison.Ordinal);
            yield return node.Parents.Count > 1 ? $"    {ids[node.Revision]}{{{{\"{label}\"}}}}" : $"    {ids[node.Revision]}[\"{label}\"]";
        }

        foreach (var node in oldestFirst)
        {
            foreach (var parent in node.Parents.Where(ids.ContainsKey))
            {
                yield return $"    {ids[parent]} --> {ids[node.Revision]}";
            }
        }

        var heads = oldestFirst.Where(n => n.IsHead).Select(n => ids[n.Revision]).ToList();
        if (heads.Count > 0)
        {
            yield return "    classDef head stroke-width:3px";
            yield return $"    class {string.Join(",", heads)} head";
        }

        var applied = oldestFirst.Where(n => n.IsApplied == true).Select(n => ids[n.Revision]).ToList();
        if (applied.Count > 0)
        {
            yield return "    classDef applied fill:#d4f4dd";
            yield return $"    class {string.Join(",", applied)} applied";
        }
    }
}
