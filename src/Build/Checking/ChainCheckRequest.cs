using System;
using System.Collections.Generic;
using MigrationChain.Build.Locations;

namespace MigrationChain.Build.Checking;

/// <summary>What one check works on: the project's assembly, its references, and the lock file's state.</summary>
internal sealed class ChainCheckRequest
{
    public ChainCheckRequest(string assemblyPath)
    {
        AssemblyPath = assemblyPath;
    }

    /// <summary>The assembly the project just compiled.</summary>
    public string AssemblyPath { get; }

    /// <summary>Every referenced assembly; those that do not reference MigrationChain.Runtime are skipped cheaply.</summary>
    public IReadOnlyList<string> ReferencePaths { get; init; } = Array.Empty<string>();

    /// <summary>Where the lock file is, or null when the project keeps none.</summary>
    public string? LockFilePath { get; init; }

    /// <summary>The lock file's current text, or null when the file does not exist.</summary>
    public string? LockText { get; init; }

    /// <summary>True in CI: a lock that does not match fails the build; otherwise the lock is rewritten.</summary>
    public bool VerifyLock { get; init; }

    public SourcePathMap Paths { get; init; } = SourcePathMap.None;
}
