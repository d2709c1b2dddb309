using System;
using System.Collections.Generic;
using MigrationChain.Drift;
using MigrationChain.Planning;

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
        bool transactional,
        VersionRow? row = null,
        string? codeChecksum = null)
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
        RecordedBy = row?.RecordedBy;
        RecordedParents = row?.Parents;
        IsEdited = row is { State: VersionRowState.Applied, Checksum: { } recorded } && codeChecksum is not null
            && !string.Equals(recorded, codeChecksum, StringComparison.Ordinal);
        HasWrongParents = isKnown && row is { State: VersionRowState.Applied } && !DriftInspector.SameParents(row.Parents, parents);
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

    /// <summary>
    /// What wrote its version row: the migration running (<see cref="MigrationChain.RecordedBy.Upgrade"/>), or
    /// <c>Stamp</c> without running it; <see cref="MigrationChain.RecordedBy.Unknown"/> for rows written before the
    /// version table said; null when the database does not record it.
    /// </summary>
    public RecordedBy? RecordedBy { get; }

    /// <summary>Applied, then edited: the checksum recorded when it ran differs from the code's (see <see cref="DriftFinding"/>).</summary>
    public bool IsEdited { get; }

    /// <summary>The parents its version row records; null when the database does not record it.</summary>
    public IReadOnlyList<string>? RecordedParents { get; }

    /// <summary>True when its version row records other parents than the code declares (<c>Stamp</c> rewrites them).</summary>
    public bool HasWrongParents { get; }

    /// <summary>True when it can be undone.</summary>
    public bool HasDowngrade { get; }

    /// <summary>False for a migration declared <c>Transactional = false</c>.</summary>
    public bool Transactional { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsApplied ? "[x]" : IsInterrupted ? "[!]" : "[ ]")} {Revision}{(IsHead ? " (head)" : string.Empty)}" +
        (RecordedBy == MigrationChain.RecordedBy.Stamp ? " (stamped)" : string.Empty) +
        (IsEdited ? " (applied, then edited)" : string.Empty) +
        (HasWrongParents ? " (wrong recorded parents)" : string.Empty);
}
