using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace MigrationChain.Rules;

/// <summary>MC1007: a merge declared in a way that does not say what it means.</summary>
internal sealed class MalformedMergeRule : IChainRule
{
    public string Id => RuleIds.MalformedMerge;

    public ChainSeverity Severity => ChainSeverity.Error;

    [MethodImpl(StartPath.Optimized)]
    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        var declarations = graph.Declarations;
        for (var i = 0; i < declarations.Count; i++)
        {
            if (declarations[i].ParentDeclaration is ParentDeclaration.Both or ParentDeclaration.Parents)
            {
                CheckMerge(declarations[i], diagnostics);
            }
        }
    }

    // Apart from Check so a start whose declarations use Parent never JIT-compiles the grouping and messages below.
    private void CheckMerge(RevisionInfo declaration, List<ChainDiagnostic> diagnostics)
    {
        var id = declaration.Revision;
        if (declaration.ParentDeclaration == ParentDeclaration.Both)
        {
            Add(declaration, $"'{id}' sets both Parent and Parents. Use Parent for one parent, or list every " +
                "parent in Parents for a merge.");
            return;
        }

        var repeated = declaration.Parents
            .GroupBy(p => p, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
        foreach (var parent in repeated)
        {
            Add(declaration, $"'{id}' names '{parent}' more than once in Parents. Name each parent once.");
        }

        var distinct = declaration.Parents.Distinct(StringComparer.Ordinal).Count();
        if (distinct < 2)
        {
            Add(declaration, distinct == 0
                ? $"'{id}' declares Parents with no revisions. A merge joins two or more heads; for a root, remove Parents."
                : $"'{id}' declares Parents with one revision. A merge joins two or more heads; use Parent = \"{declaration.Parents[0]}\" instead.");
        }

        void Add(RevisionInfo declaration, string message) => diagnostics.Add(new ChainDiagnostic(
            Id,
            Severity,
            declaration,
            new[] { declaration.Revision }.Concat(declaration.Parents).Distinct(StringComparer.Ordinal).ToArray(),
            message));
    }
}
