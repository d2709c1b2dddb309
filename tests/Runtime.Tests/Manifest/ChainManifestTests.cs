using MigrationChain.Manifest;

namespace MigrationChain.Runtime.Tests.Manifest;

public class ChainManifestTests
{
    [Fact]
    public void Parse_ReadsEveryEntryInOrder()
    {
        var manifest = ChainManifest.Parse("migrationchain-manifest 1\n0001\tLib\tLib.A\tsha:1\r\n0002\tApp\tApp.B+Nested\t-\n");

        Assert.NotNull(manifest);
        Assert.Equal(
            new[] { new ChainManifestRow("0001", "Lib", "Lib.A", "sha:1"), new ChainManifestRow("0002", "App", "App.B+Nested", null) },
            manifest.Entries);
    }

    [Fact]
    public void Parse_AcceptsAnEmptyChain()
    {
        Assert.Empty(ChainManifest.Parse(MigrationChainManifestAttribute.Header)!.Entries);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("migrationchain-manifest 2\n0001\tLib\tLib.A\t-")]
    [InlineData("migrationchain-manifest 1\n0001\tLib\tLib.A")]
    [InlineData("migrationchain-manifest 1\n0001\t\tLib.A\t-")]
    public void Parse_RejectsWhatItCannotRead(string? text)
    {
        Assert.Null(ChainManifest.Parse(text));
    }
}
