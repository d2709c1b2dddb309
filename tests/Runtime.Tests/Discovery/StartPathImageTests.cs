using MigrationChain.Discovery;
using MigrationChain.TestSupport;

namespace MigrationChain.Runtime.Tests.Discovery;

/// <summary>
/// crossgen2 leaves every method marked <c>AggressiveOptimization</c> out of a ReadyToRun image, so a start that
/// loads the packages' images JIT-compiles each one all the same. What a start at head runs per revision (discovery,
/// the catalog, the manifest reader, the revision graph and the chain rules) is left unmarked, for the images.
/// </summary>
public class StartPathImageTests
{
    [Theory]
    [InlineData("ChainDiscovery.Run")]
    [InlineData("ChainDiscovery.AddListed")]
    [InlineData("ChainDiscovery.Take")]
    [InlineData("MigrationCatalog.FromDefinitions")]
    [InlineData("MetadataManifestChars.get_Item")]
    [InlineData("MetadataManifestChars.IndexOf")]
    [InlineData("MetadataManifestChars.Text")]
    [InlineData("MetadataManifestChars.TextEquals")]
    [InlineData("MetadataManifestChars.Span")]
    public void TheRuntimesStartPath_IsNotKeptOutOfItsImage(string method)
    {
        var marked = ReadyToRunHoles.MarkedMethods(typeof(MigrationCatalog).Assembly.Location);

        Assert.DoesNotContain(method, marked);
    }

    [Fact]
    public void TheRulesStartPath_IsNotKeptOutOfItsImage()
    {
        var marked = ReadyToRunHoles.MarkedMethods(typeof(RevisionGraph).Assembly.Location);

        Assert.Empty(marked);
    }
}
