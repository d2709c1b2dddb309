using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace MigrationChain.Rules;

/// <summary>
/// MC1006: an id or branch label the runner cannot store or target, or <c>[Migration]</c> on a class that is not a
/// migration (the runner would find it and fail, or silently skip it).
/// </summary>
internal sealed class InvalidDeclarationRule : IChainRule
{
    public string Id => RuleIds.InvalidDeclaration;

    public ChainSeverity Severity => ChainSeverity.Error;

    [MethodImpl(StartPath.Optimized)]
    public void Check(RevisionGraph graph, List<ChainDiagnostic> diagnostics)
    {
        var declarations = graph.Declarations;
        for (var i = 0; i < declarations.Count; i++)
        {
            var declaration = declarations[i];
            if (!RevisionId.IsValid(declaration.Revision)
                || (declaration.Branch is not null && !RevisionId.IsValid(declaration.Branch))
                || !declaration.IsMigrationClass)
            {
                Report(declaration, diagnostics);
            }
        }
    }

    // Apart from Check so a start whose declarations are all valid never JIT-compiles the messages below.
    private void Report(RevisionInfo declaration, List<ChainDiagnostic> diagnostics)
    {
        var shown = declaration.Revision ?? string.Empty;
        if (RevisionId.Problem(declaration.Revision) is { } problem)
        {
            Add(declaration, $"Revision id \"{shown}\" is invalid: {problem}. Revision ids are stored in the " +
                "version table and typed in commands; pick one such as \"0005_add_embeddings\".");
        }

        if (declaration.Branch is not null && RevisionId.Problem(declaration.Branch) is { } branchProblem)
        {
            Add(declaration, $"Branch label \"{declaration.Branch}\" on '{shown}' is invalid: {branchProblem}. " +
                "Labels are typed in targets such as \"plugins@head\".");
        }

        if (!declaration.IsMigrationClass)
        {
            Add(declaration, $"{declaration.TypeName ?? "The class"} has [Migration(\"{shown}\")] but does not " +
                "derive from MigrationChain.Migration, so the runner cannot run it. Derive from Migration, or remove the attribute.");
        }

        void Add(RevisionInfo declaration, string message) => diagnostics.Add(new ChainDiagnostic(
            Id,
            Severity,
            declaration,
            new[] { declaration.Revision ?? string.Empty },
            message));
    }
}
