using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MigrationChain.Discovery;

namespace MigrationChain.Runtime.Tests.Discovery;

/// <summary>
/// crossgen2 leaves every method marked <c>AggressiveOptimization</c> out of a ReadyToRun image, so a start that
/// loads the packages' images JIT-compiles each one all the same. What a start at head runs per revision (discovery,
/// the catalog, the manifest reader, the revision graph and the chain rules) is left unmarked, for the images.
/// </summary>
public class StartPathImageTests
{
    private const MethodImplAttributes AggressiveOptimization = (MethodImplAttributes)512;

    [Theory]
    [InlineData("ChainDiscovery.Run")]
    [InlineData("ChainDiscovery.AddListed")]
    [InlineData("ChainDiscovery.Take")]
    [InlineData("MigrationCatalog.FromDefinitions")]
    public void TheRuntimesStartPath_IsNotKeptOutOfItsImage(string method)
    {
        var marked = MarkedMethods(typeof(MigrationCatalog).Assembly.Location);

        Assert.DoesNotContain(method, marked);
    }

    [Fact]
    public void TheRulesStartPath_IsNotKeptOutOfItsImage()
    {
        var marked = MarkedMethods(typeof(RevisionGraph).Assembly.Location);

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
