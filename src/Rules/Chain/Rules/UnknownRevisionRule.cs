using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Rules;

/// <summary>
/// MC1002: a Parent, merge parent or DependsOn entry names a revision no migration declares ("Can't locate revision"
/// at build time instead of in production).
/// </summary>
internal sealed class UnknownRevisionRule : IChainRule
{
    // Spelling suggestions cost a pass over every id per missing reference; past this many misses the chain is
    // broken wholesale and a suggestion per reference would not help anyone.
    private const int MaxSpellingSuggestions = 16;

    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        var suggestionsLeft = MaxSpellingSuggestions;
        foreach (var declaration in graph.Declarations)
        {
            var isMerge = declaration.ParentDeclaration is ParentDeclaration.Parents or ParentDeclaration.Both
                || declaration.Parents.Count > 1;
            Report(declaration.Parents, isMerge ? "merge parent" : "Parent");
            Report(declaration.DependsOn, "DependsOn entry");

            void Report(IReadOnlyList<string> references, string kind)
            {
                foreach (var reference in references.Distinct(StringComparer.Ordinal))
                {
                    if (reference is null || graph.Contains(reference))
                    {
                        continue;
                    }

                    var closest = suggestionsLeft-- > 0 ? Closest(graph, reference) : null;
                    var head = CurrentHead(graph, declaration.Revision);
                    var suggestion = closest ?? (kind == "DependsOn entry" ? null : head);
                    var advice = closest is not null
                        ? $"Did you mean '{closest}'?"
                        : head is not null && kind != "DependsOn entry"
                            ? $"If it follows the current head, set Parent = \"{head}\"."
                            : "Name an existing revision, or add the missing migration.";
                    diagnostics.Add(new ChainDiagnostic(
                        RuleIds.UnknownRevision,
                        ChainSeverity.Error,
                        declaration,
                        new[] { declaration.Revision, reference },
                        $"'{declaration.Revision}' names {kind} '{reference}', which no migration declares: " +
                        $"the runner would fail with \"Can't locate revision\". {advice}",
                        suggestion is null ? null : new[] { suggestion }));
                }
            }
        }
    }

    /// <summary>The last unlabelled head that does not descend from the revision itself.</summary>
    private static string? CurrentHead(RevisionGraph graph, string revision)
    {
        graph.TryGetIndex(revision, out var self);
        string? head = null;
        foreach (var node in graph.Heads)
        {
            if (node != self && graph.Branches[node].IsEmpty)
            {
                head = graph.Id(node);
            }
        }

        return head;
    }

    /// <summary>An existing id the reference is probably a misspelling or a prefix of.</summary>
    internal static string? Closest(RevisionGraph graph, string reference)
    {
        if (reference.Length == 0)
        {
            return null;
        }

        string? prefixMatch = null;
        var prefixMatches = 0;
        string? best = null;
        var bestDistance = Math.Max(2, reference.Length / 4) + 1;
        foreach (var node in graph.Nodes)
        {
            var id = node.Revision;
            if (id.StartsWith(reference, StringComparison.Ordinal))
            {
                prefixMatch = id;
                prefixMatches++;
            }

            if (Math.Abs(id.Length - reference.Length) >= bestDistance)
            {
                continue;
            }

            var distance = EditDistance(id, reference, bestDistance);
            if (distance < bestDistance)
            {
                best = id;
                bestDistance = distance;
            }
        }

        return prefixMatches == 1 ? prefixMatch : best;
    }

    /// <summary>Levenshtein distance, giving up (returning <paramref name="limit"/>) once it cannot beat the limit.</summary>
    private static int EditDistance(string a, string b, int limit)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin >= limit)
            {
                return limit;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
