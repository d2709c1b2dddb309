using System.Collections.Generic;

namespace MigrationChain;

/// <summary>What an upgrade, downgrade or stamp did (or, in a dry run, would do).</summary>
public sealed class MigrationResult
{
    internal MigrationResult(
        MigrationOperation operation,
        string target,
        IReadOnlyList<MigrationStep> steps,
        IReadOnlyList<string> current,
        bool dryRun,
        string? backupPath,
        IReadOnlyList<DriftFinding>? drift = null)
    {
        Drift = drift ?? System.Array.Empty<DriftFinding>();
        Operation = operation;
        Target = target;
        Steps = steps;
        Current = current;
        DryRun = dryRun;
        BackupPath = backupPath;
    }

    /// <summary>Upgrade, downgrade or stamp.</summary>
    public MigrationOperation Operation { get; }

    /// <summary>The target as given.</summary>
    public string Target { get; }

    /// <summary>The steps, in the order they ran (or would run).</summary>
    public IReadOnlyList<MigrationStep> Steps { get; }

    /// <summary>The database's current revisions afterwards (before, in a dry run).</summary>
    public IReadOnlyList<string> Current { get; }

    /// <summary>True when nothing was changed because a dry run was asked for.</summary>
    public bool DryRun { get; }

    /// <summary>Where the backup taken before the run is, or null when none was taken.</summary>
    public string? BackupPath { get; }

    /// <summary>
    /// Applied revisions whose version rows disagree with the code (edited after they ran, or recorded with other
    /// parents), as the database was afterwards (before, in a dry run). Empty when everything matches.
    /// </summary>
    public IReadOnlyList<DriftFinding> Drift { get; }

    /// <summary>True when the database already was where the target points.</summary>
    public bool WasUpToDate => Steps.Count == 0;
}
