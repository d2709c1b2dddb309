using System;
using System.Collections.Generic;

namespace MigrationChain;

/// <summary>
/// Hears what a runner does, for logging and progress display. Override what you need; every method defaults to
/// doing nothing. Called on the runner's thread; keep it quick.
/// </summary>
public abstract class MigrationListener
{
    /// <summary>The runner has decided what to do and is about to take the lock.</summary>
    public virtual void OnPlan(MigrationOperation operation, string target, IReadOnlyList<MigrationStep> steps)
    {
    }

    /// <summary>A step is starting.</summary>
    public virtual void OnStepStarting(MigrationStep migrationStep)
    {
    }

    /// <summary>
    /// A step committed; <see cref="MigrationStep.Duration"/> says how long it took. In
    /// <see cref="MigrationTransactionMode.OneTransaction"/> it is done but commits with the run, and a later failure rolls it back.
    /// </summary>
    public virtual void OnStepCompleted(MigrationStep migrationStep)
    {
    }

    /// <summary>A step failed and was rolled back (or, if non-transactional, marked as needing attention).</summary>
    public virtual void OnStepFailed(MigrationStep migrationStep, Exception exception)
    {
    }

    /// <summary>Another runner holds the lock; this one is waiting.</summary>
    public virtual void OnWaitingForLock(string? holder)
    {
    }

    /// <summary>
    /// PostgreSQL: a migration's statement hit its lock timeout; its transaction was rolled back and it runs again
    /// after <paramref name="delay"/>. <paramref name="blockers"/> describes the sessions that held the lock
    /// (pid, application_name, query start, state), or says none was found.
    /// </summary>
    public virtual void OnLockTimeoutRetry(MigrationStep migrationStep, int attempt, int attempts, TimeSpan delay, string blockers)
    {
    }

    /// <summary>A backup was written before the run.</summary>
    public virtual void OnBackupCreated(string path)
    {
    }

    /// <summary>
    /// An applied migration's version row disagrees with the code: it was edited after it ran, or its recorded
    /// parents are not the declared ones. Called once per run, before anything changes (unless
    /// <see cref="MigrationRunnerOptions.OnDrift"/> is <see cref="DriftPolicy.Ignore"/>). By default passes the
    /// finding's message to <see cref="OnWarning"/>.
    /// </summary>
    public virtual void OnDrift(DriftFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        OnWarning(finding.Message);
    }

    /// <summary>
    /// Something the runner did to the database besides the steps that the user should know about, such as switching
    /// a SQLite database it created to WAL journal mode.
    /// </summary>
    public virtual void OnNotice(string message)
    {
    }

    /// <summary>A warning about the chain (e.g. MC1008) or the database.</summary>
    public virtual void OnWarning(string message)
    {
    }
}
