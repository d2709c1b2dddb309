namespace MigrationChain.Hosting;

/// <summary>
/// The EventIds of the log events MigrationChain writes, under the category <c>MigrationChain</c>. They are stable:
/// filter and alert on them. Each event carries its values as structured properties (Database, Revision,
/// Direction, DurationMs, ...); none ever carries a connection string or a password.
/// </summary>
public static class MigrationChainEventIds
{
    /// <summary>The runner chose what to do (Information): Operation, Target, StepCount, Steps.</summary>
    public const int PlanChosen = 1001;

    /// <summary>A migration is starting (Debug): Direction, Revision.</summary>
    public const int MigrationStarting = 1002;

    /// <summary>A migration committed (Information): Direction, Revision, DurationMs, Migration (the class). One per migration.</summary>
    public const int MigrationCompleted = 1003;

    /// <summary>A migration failed and was rolled back (Error, with the exception): Direction, Revision.</summary>
    public const int MigrationFailed = 1004;

    /// <summary>Another runner holds the migration lock; this one waits (Information): Holder.</summary>
    public const int WaitingForLock = 1005;

    /// <summary>A backup was written before changing the database (Information): BackupPath.</summary>
    public const int BackupCreated = 1006;

    /// <summary>A warning about the chain (Warning), logged once per message: Message.</summary>
    public const int ChainWarning = 1007;

    /// <summary>
    /// An applied migration's version row disagrees with the code (Warning), logged once per finding: Revision, Kind
    /// (Edited: applied, then edited; WrongParents), AppliedAt, Message. See MigrationRunnerOptions.OnDrift.
    /// </summary>
    public const int RecordDrift = 1008;

    /// <summary>Something the runner did to the database besides the steps, e.g. switching a new SQLite database to WAL (Information): Database, Message.</summary>
    public const int DatabaseNotice = 1009;

    /// <summary>
    /// PostgreSQL: a migration hit its lock timeout, was rolled back and runs again (Warning): Revision, Attempt,
    /// Attempts, DelayMs, Blockers (pid, application_name, query start, state of each blocking session).
    /// </summary>
    public const int LockTimeoutRetry = 1010;

    /// <summary>Startup found the database already at head (Information): Heads.</summary>
    public const int AlreadyAtHead = 1101;

    /// <summary>Startup migrated the database (Information): Count, Heads, ElapsedMs.</summary>
    public const int Migrated = 1102;

    /// <summary>Startup verified the database is at head (Information): Heads.</summary>
    public const int VerifiedAtHead = 1103;

    /// <summary>Startup in verify mode found the database behind (Critical): PendingCount, Pending, Current.</summary>
    public const int NotAtHead = 1104;

    /// <summary>Startup could not migrate or verify the database (Critical, with the exception).</summary>
    public const int StartupFailed = 1105;

    /// <summary>The host stopped during the startup migration; the migration in progress was rolled back (Warning).</summary>
    public const int StartupCancelled = 1106;
}
