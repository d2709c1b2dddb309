using System;
using System.Collections.Generic;

namespace MigrationChain.Planning;

/// <summary>One row of the version table.</summary>
internal sealed record VersionRow(
    string Revision,
    IReadOnlyList<string> Parents,
    VersionRowState State,
    DateTimeOffset AppliedAt,
    TimeSpan Duration,
    string? Checksum = null);

/// <summary>Whether a recorded migration finished.</summary>
internal enum VersionRowState
{
    /// <summary>Applied and committed.</summary>
    Applied = 0,

    /// <summary>A non-transactional migration that started and has not been seen to finish.</summary>
    Running = 1,
}

/// <summary>What the version table held at one moment; <see cref="Exists"/> is false before the first write.</summary>
internal sealed record VersionTableSnapshot(bool Exists, IReadOnlyList<VersionRow> Rows)
{
    public static readonly VersionTableSnapshot Missing = new(false, Array.Empty<VersionRow>());
}
