using System;
using System.Collections.Generic;

namespace MigrationChain;

/// <summary>One revision as <see cref="MigrationRunner.History()"/> shows it: the chain's view and the database's.</summary>
public sealed class RevisionStatus
{
    internal RevisionStatus(
        string revision,
        IReadOnlyList<string> parents,
        string? branch,
        IReadOnlyList<string> branches,
        IReadOnlyList<string> dependsOn,
        string? typeName,
        bool isKnown,
        bool isHead,
        bool isApplied,
        bool isInterrupted,
        DateTimeOffset? appliedAt,
        TimeSpan? duration,
        bool hasDowngrade,
        bool transactional)
    {
        Revision = revision;
        Parents = parents;
        Branch = branch;
        Branches = branches;
        DependsOn = dependsOn;
        TypeName = typeName;
        IsKnown = isKnown;
        IsHead = isHead;
        IsApplied = isApplied;
        IsInterrupted = isInterrupted;
        AppliedAt = appliedAt;
        Duration = duration;
        HasDowngrade = hasDowngrade;
        Transactional = transactional;
    }

    /// <summary>The revision id.</summary>
    public string Revision { get; }

    /// <summary>Its parents (two or more for a merge).</summary>
    public IReadOnlyList<string> Parents { get; }

    /// <summary>The label it declares itself, if any.</summary>
    public string? Branch { get; }

    /// <summary>Every label it lies on (its own and its ancestors').</summary>
    public IReadOnlyList<string> Branches { get; }

    /// <summary>Revisions it must run after without merging.</summary>
    public IReadOnlyList<string> DependsOn { get; }

    /// <summary>The migration class; null for a revision only the database knows.</summary>
    public string? TypeName { get; }

    /// <summary>False for a revision the version table records but the code does not contain.</summary>
    public bool IsKnown { get; }

    /// <summary>True for a head of the chain.</summary>
    public bool IsHead { get; }

    /// <summary>True for a merge revision.</summary>
    public bool IsMerge => Parents.Count > 1;

    /// <summary>True when the database records it as applied.</summary>
    public bool IsApplied { get; }

    /// <summary>True for a non-transactional migration that started and did not finish.</summary>
    public bool IsInterrupted { get; }

    /// <summary>When it was applied, if it was.</summary>
    public DateTimeOffset? AppliedAt { get; }

    /// <summary>How long applying it took, if it was applied.</summary>
    public TimeSpan? Duration { get; }

    /// <summary>True when it can be undone.</summary>
    public bool HasDowngrade { get; }

    /// <summary>False for a migration declared <c>Transactional = false</c>.</summary>
    public bool Transactional { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsApplied ? "[x]" : IsInterrupted ? "[!]" : "[ ]")} {Revision}{(IsHead ? " (head)" : string.Empty)}";
}
