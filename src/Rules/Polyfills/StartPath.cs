using System.Runtime.CompilerServices;

namespace MigrationChain;

/// <summary>How code that runs once per revision at an application's start is compiled.</summary>
internal static class StartPath
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c>, which netstandard2.0 does not name (runtimes without it ignore
    /// it): compiled optimized on the first call. Tiered compilation would first run such a method unoptimized, and
    /// promotes it only after a delay that a start of 10,000 revisions spends inside it; so the methods called per
    /// revision at a start carry this, and nothing else does (optimizing costs more JIT time per method).
    /// </summary>
    public const MethodImplOptions Optimized = (MethodImplOptions)512;
}
