using System;
using System.Collections.Generic;

namespace MigrationChain.Cli.Databases;

/// <summary>
/// Passes a runner's events on to the reporter and remembers what a failure handler needs to know: whether any step
/// committed (so the database changed) and which backup was taken.
/// </summary>
internal sealed class RunWatcher : MigrationListener
{
    private readonly MigrationListener _inner;

    public RunWatcher(MigrationListener inner)
    {
        _inner = inner;
    }

    /// <summary>
    /// True once a step committed, or a step outside a transaction started (its work stays even if it fails): from
    /// then on the database is not as the command found it, and the backup taken before the run must be kept.
    /// </summary>
    public bool DatabaseChanged { get; private set; }

    public string? BackupPath { get; private set; }

    public override void OnPlan(MigrationOperation operation, string target, IReadOnlyList<MigrationStep> steps) => _inner.OnPlan(operation, target, steps);

    public override void OnStepStarting(MigrationStep migrationStep)
    {
        DatabaseChanged |= !migrationStep.Transactional;
        _inner.OnStepStarting(migrationStep);
    }

    public override void OnStepCompleted(MigrationStep migrationStep)
    {
        DatabaseChanged = true;
        _inner.OnStepCompleted(migrationStep);
    }

    public override void OnStepFailed(MigrationStep migrationStep, Exception exception) => _inner.OnStepFailed(migrationStep, exception);

    public override void OnWaitingForLock(string? holder) => _inner.OnWaitingForLock(holder);

    public override void OnLockTimeoutRetry(MigrationStep migrationStep, int attempt, int attempts, TimeSpan delay, string blockers) =>
        _inner.OnLockTimeoutRetry(migrationStep, attempt, attempts, delay, blockers);

    public override void OnDrift(DriftFinding finding) => _inner.OnDrift(finding);

    public override void OnBackupCreated(string path)
    {
        BackupPath = path;
        _inner.OnBackupCreated(path);
    }

    public override void OnWarning(string message) => _inner.OnWarning(message);

    public override void OnNotice(string message) => _inner.OnNotice(message);
}
