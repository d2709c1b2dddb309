using System.Runtime.CompilerServices;

namespace MigrationChain;

/// <summary>How code that runs once per revision at an application's start is compiled.</summary>
internal static class StartPath
{
    /// <summary>
    /// Nothing, in every build. crossgen2 does not precompile a method marked <c>AggressiveOptimization</c>, so in a
    /// ReadyToRun image every such method is JIT-compiled all the same, each time the assembly loads:
    /// <list type="bullet">
    /// <item>the analyzers' image: a build calls each of these methods
    /// once or a few times, where compiling it optimized costs more than it saves (docs/benchmarks.md, "the
    /// analyzers' ReadyToRun image, what it still compiles");</item>
    /// <item>the images of MigrationChain.Rules and .Runtime the packages carry (src/ReadyToRunImages.targets): these
    /// were the ~30 methods a start at head left to the JIT; without the mark a 1,000-revision SQLite start with the
    /// images went from 1.44x to 1.20x the raw program's CPU time, and the IL-only start from 1.61x to 1.42x
    /// (docs/benchmarks.md, "fourth session: the start"). An IL-only start runs them unoptimized first (tiered
    /// compilation, with on-stack replacement for their loops), which at 1,000 revisions costs less than compiling
    /// them optimized; at 10,000 it costs more (a warm re-discovery without the cache: ~11 ms against ~5.4 ms).</item>
    /// </list>
    /// No method keeps the mark (the format-2 manifest reader's per-row methods lost it last, docs/benchmarks.md, "fifth
    /// session: the SQLite start"); the constant stays so the choice can be made again in one place.
    /// </summary>
    public const MethodImplOptions Optimized = 0;
}
