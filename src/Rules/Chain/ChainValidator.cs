using System.Collections.Generic;
using MigrationChain.Rules;

namespace MigrationChain;

/// <summary>
/// Checks a migration chain against rules MC1001-MC1008. Works on plain facts, so reflection (the runtime), syntax
/// (the analyzers) and metadata (the MSBuild task) all feed it. Linear in the number of migrations for ordinary
/// chains; performs no I/O.
/// </summary>
public static class ChainValidator
{
    // In id order, so diagnostics come out grouped by rule.
    private static readonly IChainRule[] Rules =
    {
        new SecondRootRule(),
        new UnknownRevisionRule(),
        new MultipleHeadsRule(),
        new DuplicateRevisionRule(),
        new CycleRule(),
        new InvalidDeclarationRule(),
        new MalformedMergeRule(),
        new RedundantMergeParentRule(),
    };

    /// <summary>How serious the findings of a chain rule are, for tools that show them (the analyzers' defaults).</summary>
    /// <param name="ruleId">A chain rule id, e.g. <c>MC1008</c>.</param>
    /// <exception cref="System.ArgumentException">The id is not a chain rule's.</exception>
    internal static ChainSeverity SeverityOf(string ruleId)
    {
        foreach (var rule in Rules)
        {
            if (rule.Id == ruleId)
            {
                return rule.Severity;
            }
        }

        throw new System.ArgumentException($"'{ruleId}' is not a chain rule.", nameof(ruleId));
    }

    /// <summary>Every problem in the chain, errors and warnings, each reported on the declaration to fix.</summary>
    /// <param name="revisions">One entry per <c>[Migration]</c> declaration.</param>
    public static IReadOnlyList<ChainDiagnostic> Validate(IEnumerable<RevisionInfo> revisions) =>
        Validate(RevisionGraph.Build(revisions));

    internal static IReadOnlyList<ChainDiagnostic> Validate(RevisionGraph graph)
    {
        var diagnostics = new List<ChainDiagnostic>();
        foreach (var rule in Rules)
        {
            rule.Check(graph, diagnostics);
        }

        return diagnostics;
    }
}
