using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MigrationChain.Analyzers.Manifest;

namespace MigrationChain.Analyzers.Tests.Manifest;

/// <summary>
/// crossgen2 leaves every method marked <c>AggressiveOptimization</c> out of a ReadyToRun image, so the runtime
/// JIT-compiles it in every build that loads the analyzers' image, and at every start that loads the runtime's. The
/// shared rule sources mark their per-revision start path with src/Rules/Polyfills/StartPath.cs, which is nothing.
/// </summary>
public class StartPathTests
{
    private const MethodImplAttributes AggressiveOptimization = (MethodImplAttributes)512;

    [Fact]
    public void TheAnalyzerAssembly_HasNoMethodThatReadyToRunMustLeaveOut()
    {
        var marked = MarkedMethods(typeof(MigrationManifestGenerator).Assembly.Location);

        Assert.Empty(marked);
    }

    [Fact]
    public void TheRulesAssembly_TheRuntimeLoads_LeavesItsStartPathToTheImageToo()
    {
        // The same sources, built as MigrationChain.Rules: its ReadyToRun image serves an application's start.
        var rules = Path.Combine(AppContext.BaseDirectory, "testrefs", "MigrationChain.Rules.dll");

        var marked = MarkedMethods(rules);

        Assert.Empty(marked);
    }

    // "Type.Method" of every method definition with the flag, read from metadata (nothing is loaded).
    private static List<string> MarkedMethods(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var marked = new List<string>();
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            if ((method.ImplAttributes & AggressiveOptimization) != 0)
            {
                var type = metadata.GetTypeDefinition(method.GetDeclaringType());
                marked.Add($"{metadata.GetString(type.Name)}.{metadata.GetString(method.Name)}");
            }
        }

        return marked;
    }
}
