using System;
using System.Collections.Generic;

namespace MigrationChain.Schema;

/// <summary>What production holds of a table when a migration starts. Ordered from most to least certain to exist.</summary>
internal enum TableAgeKind
{
    /// <summary>Production has it: a released migration created it, or no migration did (it predates the chain).</summary>
    Existing,

    /// <summary>Only migrations on a parallel branch that has not shipped create it: production may or may not have it.</summary>
    OnParallelBranch,

    /// <summary>An ancestor that has not been released yet creates it: production does not have it before this release.</summary>
    New,

    /// <summary>An ancestor dropped it: there is nothing to lock (MC3001's concern, not the online-safety rules').</summary>
    Gone,
}

/// <summary>A table's age along the chain, with the revisions that decide it.</summary>
internal sealed class TableAge
{
    public static readonly TableAge PredatesChain = new(TableAgeKind.Existing, null, Array.Empty<string>());

    public static readonly TableAge Gone = new(TableAgeKind.Gone, null, Array.Empty<string>());

    private TableAge(TableAgeKind kind, string? creator, IReadOnlyList<string> parallelCreators)
    {
        Kind = kind;
        Creator = creator;
        ParallelCreators = parallelCreators;
    }

    public TableAgeKind Kind { get; }

    /// <summary>The ancestor that created the table (for <see cref="TableAgeKind.New"/> and released creators), or null.</summary>
    public string? Creator { get; }

    /// <summary>For <see cref="TableAgeKind.OnParallelBranch"/>: the unreleased migrations off the line that create it.</summary>
    public IReadOnlyList<string> ParallelCreators { get; }

    public static TableAge Existing(string? creator) => new(TableAgeKind.Existing, creator, Array.Empty<string>());

    public static TableAge NewIn(string creator) => new(TableAgeKind.New, creator, Array.Empty<string>());

    public static TableAge OnParallelBranch(IReadOnlyList<string> creators) => new(TableAgeKind.OnParallelBranch, null, creators);

    public override string ToString() => Creator is null ? Kind.ToString() : $"{Kind} ({Creator})";
}
