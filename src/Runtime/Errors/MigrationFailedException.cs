using System;

namespace MigrationChain;

/// <summary>
/// A migration failed. Its transaction was rolled back, so the database is still at the last revision that
/// succeeded (for a non-transactional migration, see <see cref="DatabaseStateException"/> on the next run).
/// </summary>
public sealed class MigrationFailedException : MigrationChainException
{
    /// <summary>Creates the exception.</summary>
    public MigrationFailedException(
        string revision,
        MigrationDirection direction,
        string? statement,
        Exception innerException,
        string? detail = null)
        : base(Format(revision, direction, statement, innerException, detail), innerException)
    {
        Revision = revision;
        Direction = direction;
        Statement = statement;
    }

    /// <summary>The revision whose migration failed.</summary>
    public string Revision { get; }

    /// <summary>Whether it failed going up or down.</summary>
    public MigrationDirection Direction { get; }

    /// <summary>The SQL statement that failed, or null when the migration's own code threw.</summary>
    public string? Statement { get; }

    private static string Format(string revision, MigrationDirection direction, string? statement, Exception inner, string? detail)
    {
        var verb = direction == MigrationDirection.Upgrade ? "Upgrade" : "Downgrade";
        var what = statement is null
            ? $"{verb} of '{revision}' failed: {inner.Message}"
            : $"{verb} of '{revision}' failed in statement:\n    {Shorten(statement)}\n  The database said: {inner.Message}";
        return what + "\n  " + (detail ?? "Its changes were rolled back; the database is at the last revision that succeeded. Fix the migration and run again.");
    }

    private static string Shorten(string statement)
    {
        var oneLine = statement.Trim().Replace("\r", string.Empty).Replace("\n", "\n    ");
        return oneLine.Length <= 2000 ? oneLine : string.Concat(oneLine.AsSpan(0, 2000), " ...");
    }
}
