using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace MigrationChain.Hosting.Logging;

/// <summary>Turns what the runner does into log events. The database appears by its description, never its connection string.</summary>
internal sealed class LoggingListener : MigrationListener
{
    private readonly ILogger _logger;
    private readonly string _database;

    // The runner repeats chain warnings on every call, health probes included; once per process is enough.
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public LoggingListener(ILogger logger, string database)
    {
        _logger = logger;
        _database = database;
    }

    public override void OnPlan(MigrationOperation operation, string target, IReadOnlyList<MigrationStep> steps) =>
        Log.PlanChosen(_logger, _database, operation, target, steps.Count, new RevisionList(steps));

    public override void OnStepStarting(MigrationStep migrationStep) =>
        Log.MigrationStarting(_logger, _database, migrationStep.Direction, migrationStep.Revision);

    public override void OnStepCompleted(MigrationStep migrationStep) =>
        Log.MigrationCompleted(_logger, _database, migrationStep.Direction, migrationStep.Revision,
            migrationStep.Duration.TotalMilliseconds, migrationStep.TypeName);

    public override void OnStepFailed(MigrationStep migrationStep, Exception exception) =>
        Log.MigrationFailed(_logger, exception, _database, migrationStep.Direction, migrationStep.Revision);

    public override void OnWaitingForLock(string? holder) =>
        Log.WaitingForLock(_logger, _database, holder ?? "another runner");

    public override void OnLockTimeoutRetry(MigrationStep migrationStep, int attempt, int attempts, TimeSpan delay, string blockers) =>
        Log.LockTimeoutRetry(_logger, _database, migrationStep.Revision, attempt, attempts, delay.TotalMilliseconds, blockers);

    public override void OnBackupCreated(string path) => Log.BackupCreated(_logger, _database, path);

    public override void OnDrift(DriftFinding finding)
    {
        if (_warned.TryAdd(finding.Message, true))
        {
            Log.RecordDrift(_logger, _database, finding.Revision, finding.Kind, finding.AppliedAt, finding.Message);
        }
    }

    public override void OnNotice(string message) => Log.DatabaseNotice(_logger, _database, message);

    public override void OnWarning(string message)
    {
        if (_warned.TryAdd(message, true))
        {
            Log.ChainWarning(_logger, message);
        }
    }
}
