using System.IO;
using MigrationChain.Build.Locations;

namespace MigrationChain.Build.Tests.Locations;

public class SourcePathMapTests
{
    [Fact]
    public void TheLongestMappedRootWins()
    {
        var map = new SourcePathMap(new[]
        {
            new KeyValuePair<string, string>("/repo/", "/_/"),
            new KeyValuePair<string, string>("/elsewhere/lib/", "/_/lib/"),
        });

        Assert.Equal(Path.Combine("/elsewhere/lib/", "M.cs"), map.ToLocal("/_/lib/M.cs"));
        Assert.Equal(Path.Combine("/repo/", "src", "M.cs"), map.ToLocal("/_/src/M.cs"));
    }

    [Fact]
    public void UnmappedPaths_AreLeftAlone()
    {
        Assert.Equal("/repo/src/M.cs", new SourcePathMap(new[] { new KeyValuePair<string, string>("/repo/", "") }).ToLocal("/repo/src/M.cs"));
    }
}
