using System.Collections.Generic;

namespace MigrationChain.Build.Checking;

/// <summary>What one check found, and what the task should write.</summary>
internal sealed class ChainCheckResult
{
    public ChainCheckResult(IReadOnlyList<BuildDiagnostic> diagnostics, int migrationCount, int assemblyCount)
    {
        Diagnostics = diagnostics;
        MigrationCount = migrationCount;
        AssemblyCount = assemblyCount;
    }

    /// <summary>Chain errors and warnings (MC1xxx) and, in CI, lock file errors (MC4xxx).</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; }

    /// <summary>How many migrations the build contains, across all assemblies.</summary>
    public int MigrationCount { get; }

    /// <summary>How many assemblies declare them.</summary>
    public int AssemblyCount { get; }

    /// <summary>The lock file's new text when a local build must rewrite it; null when it is up to date.</summary>
    public string? LockTextToWrite { get; init; }

    /// <summary>What a local build changed in the lock, one line per change, for the log.</summary>
    public IReadOnlyList<string> LockChanges { get; init; } = System.Array.Empty<string>();

    /// <summary>True when the project has a lock file to keep (it sees migrations, or already has one).</summary>
    public bool KeepsLock { get; init; }
}
