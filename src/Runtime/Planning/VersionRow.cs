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
/// Where the optional columns are in a <c>SELECT *</c> of the version table. Reading by name keeps a table of an
/// older shape (no <c>recorded_by</c>) readable in the same single query; the missing column is added the next time
/// the runner writes.
/// </summary>
internal readonly struct VersionTableColumns
{
    private VersionTableColumns(int checksum, int recordedBy)
    {
        Checksum = checksum;
        RecordedBy = recordedBy;
    }

    public int Checksum { get; }

    public int RecordedBy { get; }

    /// <summary>True when the table has every column this runtime writes.</summary>
    public bool IsCurrentShape => Checksum >= 0 && RecordedBy >= 0;

    public static VersionTableColumns Of(DbDataReader reader)
    {
        int checksum = -1, recordedBy = -1;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            switch (reader.GetName(i))
            {
                case "checksum":
                    checksum = i;
                    break;
                case RecordedByColumn.Name:
                    recordedBy = i;
                    break;
            }
        }

        return new VersionTableColumns(checksum, recordedBy);
    }

    public string? ChecksumOf(DbDataReader reader) => Checksum < 0 || reader.IsDBNull(Checksum) ? null : reader.GetString(Checksum);

    public RecordedBy RecordedByOf(DbDataReader reader) =>
        RecordedBy < 0 || reader.IsDBNull(RecordedBy) ? MigrationChain.RecordedBy.Unknown : RecordedByColumn.Parse(reader.GetString(RecordedBy));
}
