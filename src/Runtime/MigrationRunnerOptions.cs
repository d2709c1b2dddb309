using System;
using MigrationChain.Postgres;

namespace MigrationChain;

/// <summary>How a <see cref="MigrationRunner"/> talks to its database.</summary>
public sealed class MigrationRunnerOptions
{
    private TimeSpan? _statementLockTimeout = TimeSpan.FromSeconds(2);
    private int _lockTimeoutRetries = 5;
    private TimeSpan _lockRetryDelay = TimeSpan.FromSeconds(1);
    private TimeSpan _lockRetryMaxDelay = TimeSpan.FromSeconds(30);
    private long _lockSizeThreshold = 100L << 20;
    private int _stepsPerRoundTrip = 16;

    /// <summary>The version table's name. Default <c>migration_history</c>.</summary>
    public string VersionTable { get; set; } = "migration_history";

    /// <summary>PostgreSQL: the schema holding the version table; null uses the first schema on <c>search_path</c>.</summary>
    public string? VersionTableSchema { get; set; }

    /// <summary>
    /// PostgreSQL: the schema this runner migrates, for one schema per tenant. The version table lives in it (a
    /// different <see cref="VersionTableSchema"/> is refused), the migrations run with <c>search_path</c> set to it
    /// alone, so unqualified names land in it (qualify shared objects, e.g. <c>public.citext</c>), and the advisory
    /// lock is this schema's: runners of different schemas never wait for each other, two of the same schema do. The
    /// connection's own <c>search_path</c> comes back before it returns to the pool. An upgrade creates a missing
    /// schema (as a missing SQLite file is created) and says so through <see cref="MigrationListener.OnNotice"/>;
    /// reading one finds nothing applied. Null (the default) leaves <c>search_path</c> as the connection has it.
    /// SQLite ignores it, as it ignores <see cref="VersionTableSchema"/>.
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>Back the database up before every run that changes it (SQLite). Default false.</summary>
    public bool Backup { get; set; }

    /// <summary>
    /// How long to wait for another runner's lock before failing with a <see cref="MigrationLockTimeoutException"/>
    /// (on PostgreSQL it names the session holding the lock). Default two minutes.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the driver waits for one statement before giving up on it; null leaves the driver's default (SQLite:
    /// no limit; PostgreSQL: the connection string's <c>Command Timeout</c>, 30 s unless set there). On PostgreSQL a
    /// migration with a longer server-side <see cref="StatementTimeout"/> gets that timeout plus a margin instead, so
    /// the server's clearer error arrives first, and one with no statement limit (<c>0</c>) waits as long as it takes.
    /// </summary>
    public TimeSpan? CommandTimeout { get; set; }

    /// <summary>
    /// PostgreSQL: the <c>statement_timeout</c> every migration runs under unless its
    /// <see cref="MigrationAttribute.StatementTimeoutSeconds"/> says otherwise; <see cref="TimeSpan.Zero"/> means no
    /// limit. Null (the default) leaves the server's setting. A statement that runs longer fails the migration with
    /// an error that names it and says it timed out; a transactional migration is rolled back.
    /// </summary>
    public TimeSpan? StatementTimeout { get; set; }

    /// <summary>
    /// PostgreSQL: the <c>lock_timeout</c> every transactional migration runs under unless its
    /// <see cref="MigrationAttribute.LockTimeoutSeconds"/> says otherwise: how long one statement may wait for a
    /// table or row lock. Short by default (2 s), so a migration stuck behind a long transaction gives up, and retries
    /// (<see cref="LockTimeoutRetries"/>), instead of queueing every query on the table behind its lock request.
    /// Null leaves the server's setting; zero means no limit. Negative values and values above an hour are refused.
    /// A non-transactional migration (<c>CREATE INDEX CONCURRENTLY</c>) waits for older transactions by design and
    /// cannot be retried, so it gets a lock timeout only from its own <see cref="MigrationAttribute.LockTimeoutSeconds"/>.
    /// </summary>
    public TimeSpan? StatementLockTimeout
    {
        get => _statementLockTimeout;
        set => _statementLockTimeout = value is { } v ? LockSafetyLimits.RequireTimeout(v, nameof(StatementLockTimeout), allowZero: true, TimeSpan.FromHours(1)) : null;
    }

    /// <summary>
    /// PostgreSQL: how many times a transactional migration that hit its lock timeout is rolled back and tried again
    /// (each attempt reported through <see cref="MigrationListener.OnLockTimeoutRetry"/> with the blocking sessions).
    /// Default 5; 0 fails on the first timeout. 0 to 100.
    /// </summary>
    public int LockTimeoutRetries
    {
        get => _lockTimeoutRetries;
        set => _lockTimeoutRetries = LockSafetyLimits.RequireCount(value, nameof(LockTimeoutRetries), 100);
    }

    /// <summary>
    /// PostgreSQL: the wait before the first retry after a lock timeout; each later wait doubles, up to
    /// <see cref="LockRetryMaxDelay"/>. Default 1 s; more than zero and at most 10 minutes.
    /// </summary>
    public TimeSpan LockRetryDelay
    {
        get => _lockRetryDelay;
        set => _lockRetryDelay = LockSafetyLimits.RequireTimeout(value, nameof(LockRetryDelay), allowZero: false, TimeSpan.FromMinutes(10));
    }

    /// <summary>PostgreSQL: the longest wait between two lock-timeout retries. Default 30 s; more than zero and at most 10 minutes.</summary>
    public TimeSpan LockRetryMaxDelay
    {
        get => _lockRetryMaxDelay;
        set => _lockRetryMaxDelay = LockSafetyLimits.RequireTimeout(value, nameof(LockRetryMaxDelay), allowZero: false, TimeSpan.FromMinutes(10));
    }

    /// <summary>
    /// PostgreSQL: what the runner does with a statement of a pending migration that takes a lock stronger than SHARE
    /// UPDATE EXCLUSIVE on, or rewrites, a table larger than <see cref="LockSizeThreshold"/>, when its migration has no
    /// <see cref="AcknowledgeLockAttribute"/>. Default <see cref="MigrationChain.LockPolicy.Warn"/>. Each statement is
    /// checked just before it is sent (a migration's <c>Upgrade</c> runs once), so <see cref="MigrationChain.LockPolicy.Refuse"/>
    /// stops a transactional migration before the statement runs and rolls back what it did.
    /// </summary>
    public LockPolicy LockPolicy { get; set; } = LockPolicy.Warn;

    /// <summary>
    /// PostgreSQL: the table size (pg_total_relation_size, bytes) above which <see cref="LockPolicy"/> applies.
    /// Default 100 MB; more than zero and at most 1 PB.
    /// </summary>
    public long LockSizeThreshold
    {
        get => _lockSizeThreshold;
        set => _lockSizeThreshold = LockSafetyLimits.RequireSize(value, nameof(LockSizeThreshold));
    }

    /// <summary>
    /// What to do when an applied migration was edited since it ran (its checksum in the version table differs from
    /// the one built into the assembly): warn through the <see cref="Listener"/> (the default), refuse to upgrade or
    /// downgrade, or ignore it. Rows recorded before checksums were, and migrations built without MigrationChain's
    /// generator, are never drift. Checking costs nothing extra: the checksums come from the assembly and the rows
    /// from the read the runner makes anyway. See <see cref="MigrationRunner.AcceptEdits(string[])"/>.
    /// </summary>
    public DriftPolicy OnDrift { get; set; } = DriftPolicy.Warn;

    /// <summary>
    /// How an upgrade or downgrade groups its migrations into transactions: one per migration (the default), or
    /// <see cref="MigrationTransactionMode.OneTransaction"/>, all of them and their version rows in one transaction, all or
    /// nothing. A single-transaction run that would take a non-transactional migration is refused with a
    /// <see cref="SingleTransactionRefusedException"/> before anything changes. Stamps are always one transaction.
    /// </summary>
    public MigrationTransactionMode TransactionMode { get; set; } = MigrationTransactionMode.PerMigration;

    /// <summary>
    /// PostgreSQL, one transaction per migration: how many migrations may be sent to the server in one round trip,
    /// each still in a transaction of its own with its version row. Default 16; 1 sends each alone. A migration that
    /// runs a query or a command of its own before it finishes (a guard such as <c>TableExists</c>, the lock check's
    /// catalog read, a data migration) sends what waits ahead of it first. The server runs the migrations in order and
    /// stops at the first that fails: those before it stay applied, as when each is sent alone. The
    /// <see cref="Listener"/> hears that a migration completed when its round trip returns. From 1 to 1,000.
    /// </summary>
    public int StepsPerRoundTrip
    {
        get => _stepsPerRoundTrip;
        set => _stepsPerRoundTrip = value is >= 1 and <= 1000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(StepsPerRoundTrip), value, "StepsPerRoundTrip must be from 1 (each migration alone) to 1000.");
    }

    /// <summary>
    /// SQLite: the journal mode to put the database in before a run writes to it. Null (the default) switches only a
    /// database the runner creates (an empty file) to <see cref="MigrationChain.SqliteJournalMode.Wal"/>, as EF Core
    /// does, and says so through <see cref="MigrationListener.OnNotice"/>; an existing database keeps its mode. Set it
    /// to change an existing database too (the mode is stored in the file). The runner's own connection then uses
    /// <c>synchronous=NORMAL</c> in WAL mode and <c>synchronous=FULL</c> otherwise; see docs/sqlite.md.
    /// </summary>
    public SqliteJournalMode? SqliteJournalMode { get; set; }

    /// <summary>Hears what the runner does (logging, progress).</summary>
    public MigrationListener? Listener { get; set; }

    internal MigrationRunnerOptions Clone() => (MigrationRunnerOptions)MemberwiseClone();
}
