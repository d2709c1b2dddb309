using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace MigrationChain.Rules;

/// <summary>MC1004: two migrations declare the same revision id; the database could not tell them apart.</summary>
internal sealed class DuplicateRevisionRule : IChainRule
{
    public string Id => RuleIds.DuplicateRevision;

    public ChainSeverity Severity => ChainSeverity.Error;

    [MethodImpl(StartPath.Optimized)]
    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        // The graph keeps one node per distinct non-empty id: as many nodes as such declarations means no repeats,
        // known without grouping every declaration.
        var declarations = graph.Declarations;
        var named = 0;
        for (var i = 0; i < declarations.Count; i++)
        {
            if (!string.IsNullOrEmpty(declarations[i].Revision))
            {
                named++;
            }
        }

        if (named != graph.Count)
        {
            Report(graph, diagnostics);
        }
    }

    // Apart from Check so a start without duplicates never JIT-compiles the grouping and messages below.
    private void Report(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        var duplicates = graph.Declarations
            .Where(d => !string.IsNullOrEmpty(d.Revision))
            .GroupBy(d => d.Revision, StringComparer.Ordinal)
            .Where(g => g.Count() > 1);

        foreach (var group in duplicates)
        {
            var declarations = group.ToList();
            foreach (var declaration in declarations)
            {
                var others = declarations.Where(d => !ReferenceEquals(d, declaration)).Select(Where).ToList();
                diagnostics.Add(new ChainDiagnostic(
                    Id,
                    Severity,
                    declaration,
                    new[] { declaration.Revision },
                    $"Revision id '{declaration.Revision}' is declared {declarations.Count} times " +
                    $"(also by {string.Join(", ", others)}). Revision ids are recorded in the database and must be " +
                    "unique: give the migration that has not been deployed yet a new id."));
            }
        }
    }

    private static string Where(RevisionInfo declaration) =>
        (declaration.TypeName ?? "another class") + (declaration.Location is null ? string.Empty : $" at {declaration.Location}");
}
