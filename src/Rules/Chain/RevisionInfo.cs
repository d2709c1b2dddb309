using System;
using System.Collections.Generic;

namespace MigrationChain;

/// <summary>
/// The facts about one migration that the chain rules need. Reflection (the runtime), syntax (the analyzers) and
/// metadata (the MSBuild task) each produce these; <see cref="ChainValidator"/> never looks further.
/// </summary>
/// <param name="Revision">The revision id, e.g. <c>0004_asyncpg_fixes</c>.</param>
/// <param name="Parents">The parent revisions: none for a root, one normally, two or more for a merge.</param>
/// <param name="Branch">A branch label (Alembic's <c>branch_labels</c>): on a root it declares a deliberate independent
/// chain, on the first revision of a fork a deliberate parallel branch.</param>
/// <param name="DependsOn">Revisions that must run before this one without being merged into its chain.</param>
public sealed record RevisionInfo(
    string Revision,
    IReadOnlyList<string> Parents,
    string? Branch = null,
    IReadOnlyList<string>? DependsOn = null)
{
    /// <summary>The parents, never null.</summary>
    public IReadOnlyList<string> Parents { get; init; } = Parents ?? Array.Empty<string>();

    /// <summary>The ordering-only dependencies, never null.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = DependsOn ?? Array.Empty<string>();

    /// <summary>Where the migration is declared, when the source of the facts knows.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>The declaring class, for messages (e.g. <c>Shop.Migrations.AsyncpgFixes</c>).</summary>
    public string? TypeName { get; init; }

    /// <summary>How the parents were declared (rule MC1007 reads it).</summary>
    public ParentDeclaration ParentDeclaration { get; init; }

    /// <summary>False when <c>[Migration]</c> sits on a class that does not derive from <c>Migration</c> (rule MC1006).</summary>
    public bool IsMigrationClass { get; init; } = true;

    /// <summary>True when <see cref="Branch"/> holds a label.</summary>
    public bool HasBranch => !string.IsNullOrWhiteSpace(Branch);
}
