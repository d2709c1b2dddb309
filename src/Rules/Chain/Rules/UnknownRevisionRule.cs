using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace MigrationChain.Rules;

/// <summary>
/// MC1002: a Parent, merge parent or DependsOn entry names a revision no migration declares ("Can't locate revision"
/// at build time instead of in production). A suggested replacement is never the migration itself nor one of its
/// descendants: pointing a migration at something that builds on it would close a cycle (MC1005).
/// </summary>
internal sealed class UnknownRevisionRule : IChainRule
{
    public string Id => RuleIds.UnknownRevision;

    public ChainSeverity Severity => ChainSeverity.Error;

    // Spelling suggestions cost a pass over every id per missing reference; past this many misses the chain is
    // broken wholesale and a suggestion per reference would not help anyone.
    private const int MaxSpellingSuggestions = 16;

    [MethodImpl(StartPath.Optimized)]
    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        var suggestionsLeft = MaxSpellingSuggestions;
        var declarations = graph.Declarations;
        for (var i = 0; i < declarations.Count; i++)
        {
            var declaration = declarations[i];
            // The common declaration names only revisions that exist: known with a lookup per reference, before any
            // per-declaration set or message is built.
            if (!AllDeclared(graph, declaration.Parents) || !AllDeclared(graph, declaration.DependsOn))
            {
                suggestionsLeft = ReportMissing(graph, declaration, suggestionsLeft, diagnostics);
            }
        }
    }

    // Apart from Check so a start where every reference exists never JIT-compiles the messages below.
    // Returns how many spelling suggestions are left for the declarations after this one.
    private int ReportMissing(RevisionGraph graph, RevisionInfo declaration, int suggestionsLeft, List<ChainDiagnostic> diagnostics)
    {
        var isMerge = declaration.ParentDeclaration is ParentDeclaration.Parents or ParentDeclaration.Both
            || declaration.Parents.Count > 1;
        bool[]? descendants = null;
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

                // Only worked out once a reference is missing: most declarations never need it.
                descendants ??= DescendantsOf(graph, declaration.Revision);
                var closest = suggestionsLeft-- > 0 ? Closest(graph, reference, descendants) : null;
                var head = kind == "DependsOn entry" ? null : CurrentHead(graph, descendants);
                var suggestion = closest ?? head;
                var advice = closest is not null
                    ? $"Did you mean '{closest}'? (the existing revision spelt most like it that does not build on '{declaration.Revision}')"
                    : head is not null
                        ? $"If it follows the current head, set Parent = \"{head}\" (the last head of the unlabelled chain " +
                          $"that does not build on '{declaration.Revision}': naming a descendant would make a cycle)."
                        : "Name an existing revision that does not build on it, or add the missing migration.";
                diagnostics.Add(new ChainDiagnostic(
                    Id,
                    Severity,
                    declaration,
                    new[] { declaration.Revision, reference },
                    $"'{declaration.Revision}' names {kind} '{reference}', which no migration declares: " +
                    $"the runner would fail with \"Can't locate revision\". {advice}",
                    suggestion is null ? null : new[] { suggestion }));
            }
        }

        return suggestionsLeft;
    }

    [MethodImpl(StartPath.Optimized)]
    private static bool AllDeclared(RevisionGraph graph, IReadOnlyList<string> references)
    {
        for (var i = 0; i < references.Count; i++)
        {
            if (references[i] is { } reference && !graph.Contains(reference))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The revision and everything that builds on it: none of them can be its parent without a cycle.</summary>
    private static bool[] DescendantsOf(RevisionGraph graph, string revision) =>
        graph.TryGetIndex(revision, out var self) ? graph.Descendants(new[] { self }) : new bool[graph.Count];

    /// <summary>The last unlabelled head that is neither the revision nor one of its descendants.</summary>
    private static string? CurrentHead(RevisionGraph graph, bool[] excluded)
    {
        string? head = null;
        foreach (var node in graph.Heads)
        {
            if (!excluded[node] && graph.Branches[node].IsEmpty)
            {
                head = graph.Id(node);
            }
        }

        return head;
    }

    /// <summary>An existing id the reference is probably a misspelling or a prefix of.</summary>
    internal static string? Closest(RevisionGraph graph, string reference, bool[]? excluded = null)
    {
        if (reference.Length == 0)
        {
            return null;
        }

        string? prefixMatch = null;
        var prefixMatches = 0;
        string? best = null;
        var bestDistance = Nearest.Limit(reference);
        for (var node = 0; node < graph.Count; node++)
        {
            if (excluded is not null && excluded[node])
            {
                continue;
            }

            var id = graph.Id(node);
            if (id.StartsWith(reference, StringComparison.Ordinal))
            {
                prefixMatch = id;
                prefixMatches++;
            }

            if (Math.Abs(id.Length - reference.Length) >= bestDistance)
            {
                continue;
            }

            var distance = Nearest.Distance(id, reference, bestDistance);
            if (distance < bestDistance)
            {
                best = id;
                bestDistance = distance;
            }
        }

        return prefixMatches == 1 ? prefixMatch : best;
    }
}
