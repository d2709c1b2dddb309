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
        : this(revision, direction, statement, innerException, cause: null, detail)
    {
    }

    /// <summary>Creates the exception with the provider's reading of the error (e.g. "it hit the statement timeout").</summary>
    internal MigrationFailedException(
        string revision,
        MigrationDirection direction,
        string? statement,
        Exception innerException,
        string? cause,
        string? detail)
        : base(Format(revision, direction, statement, innerException, cause, detail), innerException)
    {
        Revision = revision;
        Direction = direction;
        Statement = statement;
        Cause = cause;
    }

    /// <summary>The revision whose migration failed.</summary>
    public string Revision { get; }

    /// <summary>Whether it failed going up or down.</summary>
    public MigrationDirection Direction { get; }

    /// <summary>The SQL statement that failed, or null when the migration's own code threw.</summary>
    public string? Statement { get; }

    /// <summary>What the database's error means, when the provider could tell (a timeout, for instance).</summary>
    internal string? Cause { get; }

    private static string Format(string revision, MigrationDirection direction, string? statement, Exception inner, string? cause, string? detail)
    {
        var verb = direction == MigrationDirection.Upgrade ? "Upgrade" : "Downgrade";
        var what = statement is null
            ? $"{verb} of '{revision}' failed: {inner.Message}"
            : $"{verb} of '{revision}' failed in statement:\n    {Shorten(statement)}\n  The database said: {inner.Message}";
        if (cause is not null)
        {
            what += "\n  " + cause;
        }

        return what + "\n  " + (detail ?? "Its changes were rolled back; the database is at the last revision that succeeded. Fix the migration and run again.");
    }

    private static string Shorten(string statement)
    {
        var oneLine = statement.Trim().Replace("\r", string.Empty).Replace("\n", "\n    ");
        return oneLine.Length <= 2000 ? oneLine : string.Concat(oneLine.AsSpan(0, 2000), " ...");
    }
}
