using MigrationChain.Analyzers.Manifest;
using MigrationChain.TestSupport;

namespace MigrationChain.Analyzers.Tests.Manifest;

/// <summary>
/// crossgen2 leaves every method marked <c>AggressiveOptimization</c> out of a ReadyToRun image, so the runtime
/// JIT-compiles it in every build that loads the analyzers' image, and at every start that loads the runtime's. The
/// shared rule sources mark their per-revision start path with src/Rules/Polyfills/StartPath.cs, which is nothing.
/// </summary>
public class StartPathTests
{
    [Fact]
    public void TheAnalyzerAssembly_HasNoMethodThatReadyToRunMustLeaveOut()
    {
        var marked = ReadyToRunHoles.MarkedMethods(typeof(MigrationManifestGenerator).Assembly.Location);

        Assert.Empty(marked);
    }

    [Fact]
    public void TheRulesAssembly_TheRuntimeLoads_LeavesItsStartPathToTheImageToo()
    {
        // The same sources, built as MigrationChain.Rules: its ReadyToRun image serves an application's start.
        var rules = Path.Combine(AppContext.BaseDirectory, "testrefs", "MigrationChain.Rules.dll");

        var marked = ReadyToRunHoles.MarkedMethods(rules);

        Assert.Empty(marked);
    }
}
