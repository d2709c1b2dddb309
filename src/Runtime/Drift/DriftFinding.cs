using System;
using System.Collections.Generic;
using System.Globalization;

namespace MigrationChain;

/// <summary>One applied revision whose version row disagrees with the code: edited since it ran, or wrong parents.</summary>
public sealed class DriftFinding
{
    internal DriftFinding(
        DriftKind kind,
        string revision,
        DateTimeOffset appliedAt,
        RecordedBy recordedBy,
        string? recordedChecksum,
        string? codeChecksum,
        IReadOnlyList<string> recordedParents,
        IReadOnlyList<string> codeParents)
    {
        Kind = kind;
        Revision = revision;
        AppliedAt = appliedAt;
        RecordedBy = recordedBy;
        RecordedChecksum = recordedChecksum;
        CodeChecksum = codeChecksum;
        RecordedParents = recordedParents;
        CodeParents = codeParents;
    }

    /// <summary>What disagrees.</summary>
    public DriftKind Kind { get; }

    /// <summary>The revision.</summary>
    public string Revision { get; }

    /// <summary>When the version table says it was applied (or stamped).</summary>
    public DateTimeOffset AppliedAt { get; }

    /// <summary>Whether the row was written by running the migration or by Stamp.</summary>
    public RecordedBy RecordedBy { get; }

    /// <summary>The checksum recorded when it was applied; null for rows written before checksums were recorded.</summary>
    public string? RecordedChecksum { get; }

    /// <summary>The checksum of the code now (docs/checksum.md); null when its assembly was built without the generator.</summary>
    public string? CodeChecksum { get; }

    /// <summary>The parents the version table records.</summary>
    public IReadOnlyList<string> RecordedParents { get; }

    /// <summary>The parents the code declares.</summary>
    public IReadOnlyList<string> CodeParents { get; }

    /// <summary>When it was applied, as the messages write it.</summary>
    internal string AppliedAtText => AppliedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What is wrong and what to do, in the C# API's words.</summary>
    public string Message => Kind == DriftKind.Edited
        ? $"'{Revision}' was {(RecordedBy == RecordedBy.Stamp ? "stamped" : "applied")} at {AppliedAtText}, then edited: its code's " +
          $"checksum is {CodeChecksum}, the version table recorded {RecordedChecksum}. The database has what the old code did; " +
          "the edit will never run here. Revert the edit and put the change in a new migration, or, if the database needs " +
          $"nothing from it, accept it: runner.AcceptEdits(\"{Revision}\")."
        : $"The version table records '{Revision}' (applied at {AppliedAtText}) with parents {Describe(RecordedParents)}, but the " +
          $"code declares {Describe(CodeParents)}: the row was written while the chain was different, or by hand. " +
          $"runner.AcceptEdits(\"{Revision}\") rewrites it, and so does a Stamp that keeps it (Stamp(\"heads\") on a database at head).";

    /// <inheritdoc />
    public override string ToString() => Message;

    internal static string Describe(IReadOnlyList<string> parents) =>
        parents.Count == 0 ? "(base)" : "'" + string.Join("', '", parents) + "'";
}
