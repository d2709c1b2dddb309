namespace MigrationChain.Cli;

/// <summary>
/// What the process returns. Documented in docs/cli.md so a CI step can branch on them; never renumber one.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done (check: the chain is valid and every database is at head).</summary>
    public const int Success = 0;

    /// <summary>A migration, the database or the tool failed; the message says what happened.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: an unknown option, a bad database URL, a missing assembly, a failed build.</summary>
    public const int Usage = 2;

    /// <summary>The chain rules report errors (two heads, a missing parent, a cycle ...): nothing was run.</summary>
    public const int ChainInvalid = 3;

    /// <summary>check: the chain is valid but a database is not at head.</summary>
    public const int Pending = 4;

    /// <summary>A database's recorded revisions do not fit the code (unknown revision, interrupted migration ...): see stamp.</summary>
    public const int DatabaseState = 5;

    /// <summary>Another runner held the migration lock for longer than the lock timeout.</summary>
    public const int Locked = 6;

    /// <summary>Fleet mode: at least one database failed; the others were still migrated (see the summary).</summary>
    public const int FleetFailed = 7;

    /// <summary>Interrupted with Ctrl+C; the migration in progress was rolled back.</summary>
    public const int Cancelled = 130;
}
