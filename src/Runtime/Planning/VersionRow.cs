using System;
using System.Collections.Generic;
using System.Data.Common;

namespace MigrationChain.Planning;

/// <summary>One row of the version table.</summary>
internal sealed record VersionRow(
    string Revision,
    IReadOnlyList<string> Parents,
    VersionRowState State,
    DateTimeOffset AppliedAt,
    TimeSpan Duration,
    string? Checksum = null,
    RecordedBy RecordedBy = RecordedBy.Unknown);

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

/// <summary>
/// The <c>recorded_by</c> column, written the same way by every provider. NULL is <see cref="RecordedBy.Unknown"/>:
/// rows written before the column existed, by offline scripts, or by hand.
/// </summary>
internal static class RecordedByColumn
{
    public const string Name = "recorded_by";

    /// <summary>The column's text, or null for <see cref="RecordedBy.Unknown"/>.</summary>
    public static string? Text(RecordedBy recordedBy) => recordedBy switch
    {
        RecordedBy.Upgrade => "upgrade",
        RecordedBy.Stamp => "stamp",
        _ => null,
    };

    public static RecordedBy Parse(string? text) => text switch
    {
        "upgrade" => RecordedBy.Upgrade,
        "stamp" => RecordedBy.Stamp,
        _ => RecordedBy.Unknown,
    };
}

/// <summary>
/// Where each column is in a <c>SELECT *</c> of the version table, found by name: a table of an older shape (no
/// <c>recorded_by</c>) reads in the same single query, and no column travels twice. The missing column is added
/// the next time the runner writes.
/// </summary>
internal readonly struct VersionTableColumns
{
    private VersionTableColumns(int[] ordinals)
    {
        Revision = ordinals[0];
        Parents = ordinals[1];
        State = ordinals[2];
        AppliedAt = ordinals[3];
        DurationMs = ordinals[4];
        Checksum = ordinals[5];
        RecordedBy = ordinals[6];
    }

    private static readonly string[] Names = { "revision", "parents", "state", "applied_at", "duration_ms", "checksum", RecordedByColumn.Name };

    public int Revision { get; }

    public int Parents { get; }

    public int State { get; }

    public int AppliedAt { get; }

    public int DurationMs { get; }

    public int Checksum { get; }

    public int RecordedBy { get; }

    /// <summary>True when the table has every column this runtime writes.</summary>
    public bool IsCurrentShape => Checksum >= 0 && RecordedBy >= 0;

    /// <summary>The columns of <paramref name="reader"/>; throws when one the runner cannot do without is missing.</summary>
    public static VersionTableColumns Of(DbDataReader reader, string table)
    {
        var ordinals = new[] { -1, -1, -1, -1, -1, -1, -1 };
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var index = Array.IndexOf(Names, reader.GetName(i));
            if (index >= 0)
            {
                ordinals[index] = i;
            }
        }

        for (var i = 0; i < 5; i++)
        {
            if (ordinals[i] < 0)
            {
                throw new InvalidOperationException(
                    $"The table {table} has no '{Names[i]}' column, so it is not a MigrationChain version table. Point " +
                    "MigrationRunnerOptions.VersionTable at another name, or rename that table.");
            }
        }

        return new VersionTableColumns(ordinals);
    }

    public string? ChecksumOf(DbDataReader reader) => Checksum < 0 || reader.IsDBNull(Checksum) ? null : reader.GetString(Checksum);

    public RecordedBy RecordedByOf(DbDataReader reader) =>
        RecordedBy < 0 || reader.IsDBNull(RecordedBy) ? MigrationChain.RecordedBy.Unknown : RecordedByColumn.Parse(reader.GetString(RecordedBy));
}
