using System.Collections.Generic;

namespace MigrationChain;

/// <summary>What the lock policy says about one planned statement.</summary>
public enum LockVerdict
{
    /// <summary>Within the policy: a weak lock, or a small table.</summary>
    Allowed,

    /// <summary>A strong lock or a rewrite on a table above the threshold, acknowledged with <see cref="AcknowledgeLockAttribute"/>.</summary>
    Acknowledged,

    /// <summary>Outside the policy; the run goes on with a warning (<see cref="LockPolicy.Warn"/>).</summary>
    Warned,

    /// <summary>Outside the policy; the run stops before the migration (<see cref="LockPolicy.Refuse"/>).</summary>
    Refused,
}

/// <summary>
/// What the runner does with a statement outside the lock policy (PostgreSQL). Each statement is checked while the
/// migration runs, just before it is sent: a migration's <c>Upgrade</c> runs once.
/// </summary>
public enum LockPolicy
{
    /// <summary>Warn through <see cref="MigrationListener.OnWarning"/> and run it (the default).</summary>
    Warn,

    /// <summary>
    /// Refuse it before it runs, unless its migration carries <see cref="AcknowledgeLockAttribute"/>: a transactional
    /// migration is rolled back, leaving the database at the last revision that succeeded. In a non-transactional
    /// migration the statements before it stay (as after any failure of one; see docs/postgres.md).
    /// </summary>
    Refuse,

    /// <summary>
    /// Check nothing while running: <see cref="MigrationRunner.Plan()"/> and <c>mchain upgrade --dry-run</c> still show
    /// every statement's locks.
    /// </summary>
    Off,
}

/// <summary>
/// One statement of a pending migration as PostgreSQL would lock it, with the live facts about its table read
/// without taking any lock: estimated rows, total size, and the sessions holding conflicting locks on it.
/// </summary>
public sealed class StatementLockPlan
{
    internal StatementLockPlan(
        string revision, string statement, string? relation, string lockMode, string work, long? estimatedRows, long? totalBytes,
        IReadOnlyList<string> blockers, LockVerdict verdict, string? reason)
    {
        Revision = revision;
        Statement = statement;
        Relation = relation;
        LockMode = lockMode;
        Work = work;
        EstimatedRows = estimatedRows;
        TotalBytes = totalBytes;
        Blockers = blockers;
        Verdict = verdict;
        Reason = reason;
    }

    /// <summary>The pending migration the statement belongs to.</summary>
    public string Revision { get; }

    /// <summary>The statement's SQL.</summary>
    public string Statement { get; }

    /// <summary>The table (or index) it locks as written in the SQL; null when the statement names none the runner reads.</summary>
    public string? Relation { get; }

    /// <summary>The lock mode as pg_locks names it (<c>AccessExclusiveLock</c>), <c>none</c> for a new table, <c>unknown</c> when not read.</summary>
    public string LockMode { get; }

    /// <summary><c>none</c>, <c>scan</c> (reads the whole table under the lock) or <c>rewrite</c> (copies it).</summary>
    public string Work { get; }

    /// <summary>pg_class.reltuples; null when the table does not exist yet or was never analyzed.</summary>
    public long? EstimatedRows { get; }

    /// <summary>pg_total_relation_size (table, indexes, TOAST); null when the table does not exist yet.</summary>
    public long? TotalBytes { get; }

    /// <summary>Sessions holding a lock that conflicts with the statement's: pid, application_name, query start, state, mode.</summary>
    public IReadOnlyList<string> Blockers { get; }

    /// <summary>What the lock policy says.</summary>
    public LockVerdict Verdict { get; }

    /// <summary>Why: the policy's words for a warned or refused statement, the acknowledgement's reason for an acknowledged one.</summary>
    public string? Reason { get; }
}
