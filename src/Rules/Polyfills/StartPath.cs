using System.Runtime.CompilerServices;

namespace MigrationChain;

/// <summary>How code that runs once per revision at an application's start is compiled.</summary>
internal static class StartPath
{
#if MIGRATIONCHAIN_ANALYZERS
    /// <summary>
    /// Nothing, in the analyzer assembly (its project defines MIGRATIONCHAIN_ANALYZERS): crossgen2 does not precompile
    /// a method marked <c>AggressiveOptimization</c>, so in the analyzers' ReadyToRun image every such method was
    /// JIT-compiled in every build all the same, and a build calls each of them once or a few times, where compiling
    /// it optimized costs more than it saves (docs/benchmarks.md, "the analyzers' ReadyToRun image, what it still
    /// compiles").
    /// </summary>
    public const MethodImplOptions Optimized = 0;
#else
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c>, which netstandard2.0 does not name (runtimes without it ignore
    /// it): compiled optimized on the first call. Tiered compilation would first run such a method unoptimized, and
    /// promotes it only after a delay that a start of 10,000 revisions spends inside it; so the methods called per
    /// revision at a start carry this, and nothing else does (optimizing costs more JIT time per method).
    /// </summary>
    public const MethodImplOptions Optimized = (MethodImplOptions)512;
#endif
}
