using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MigrationChain.Cli.Graph;

/// <summary>
/// Draws the chain in the terminal the way <c>git log --graph</c> draws commits: newest first, one lane per line of
/// development, <c>|\</c> where a merge joins two lanes and <c>|/</c> where a fork's lanes meet their common parent.
/// </summary>
internal static class LaneGraph
{
    /// <param name="newestFirst">Every node after all of its children.</param>
    public static IEnumerable<string> Draw(IReadOnlyList<GraphNode> newestFirst)
    {
        var known = new HashSet<string>(newestFirst.Select(n => n.Revision), StringComparer.Ordinal);
        var lanes = new List<string>();
        for (var index = 0; index < newestFirst.Count; index++)
        {
            var node = newestFirst[index];
            var column = lanes.IndexOf(node.Revision);
            if (column < 0)
            {
                lanes.Add(node.Revision);
                column = lanes.Count - 1;
            }

            yield return Row(lanes.Count, column, node.IsApplied == false ? 'o' : '*') + "  " + node.Label;

            var parents = node.Parents.Where(known.Contains).Distinct(StringComparer.Ordinal).ToList();
            var next = new List<string>(lanes);
            var edges = new List<Edge>();
            for (var i = 0; i < lanes.Count; i++)
            {
                if (i < column)
                {
                    edges.Add(new Edge(i, i));
                }
                else if (i > column)
                {
                    edges.Add(new Edge(i, i + parents.Count - 1));
                }
            }

            next.RemoveAt(column);
            next.InsertRange(column, parents);
            for (var p = 0; p < parents.Count; p++)
            {
                edges.Add(new Edge(column, column + p));
            }

            // Lanes waiting for the same revision meet: every later copy is routed into the first.
            var merged = next.Distinct(StringComparer.Ordinal).ToList();
            var routed = edges.Select(e => e with { To = merged.IndexOf(next[e.To]) }).ToList();
            foreach (var line in Transitions(routed))
            {
                yield return line;
            }

            lanes = merged;
            if (lanes.Count == 0 && index < newestFirst.Count - 1)
            {
                // A root closed the last lane: what follows is an independent chain (another labelled root).
                yield return string.Empty;
            }
        }
    }

    private static string Row(int width, int column, char mark)
    {
        var row = new char[(width * 2) - 1];
        Array.Fill(row, ' ');
        for (var i = 0; i < width; i++)
        {
            row[i * 2] = i == column ? mark : '|';
        }

        return new string(row);
    }

    /// <summary>Moves every lane one column per line toward where it goes, drawing '/' and '\' as it moves.</summary>
    private static IEnumerable<string> Transitions(List<Edge> edges)
    {
        var positions = edges.Select(e => e.From).ToArray();
        while (true)
        {
            var moving = false;
            var width = Math.Max(positions.DefaultIfEmpty(0).Max(), edges.Select(e => e.To).DefaultIfEmpty(0).Max()) * 2 + 2;
            var line = new StringBuilder(new string(' ', width));
            for (var i = 0; i < edges.Count; i++)
            {
                var at = positions[i];
                var to = edges[i].To;
                if (at == to)
                {
                    if (line[at * 2] == ' ')
                    {
                        line[at * 2] = '|';
                    }
                }
                else if (to < at)
                {
                    line[(at * 2) - 1] = '/';
                    positions[i] = at - 1;
                    moving = true;
                }
                else
                {
                    line[(at * 2) + 1] = '\\';
                    positions[i] = at + 1;
                    moving = true;
                }
            }

            if (!moving)
            {
                yield break;
            }

            yield return line.ToString().TrimEnd();
        }
    }

    private sealed record Edge(int From, int To);
}
