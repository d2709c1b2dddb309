using MigrationChain.Testing.Schema;

namespace MigrationChain.Testing.Tests.Schema;

/// <summary>A long difference list is cut as every MigrationChain message cuts a list (Rules.Names): never "and 1 more".</summary>
public class SchemaSnapshotFormatTests
{
    [Fact]
    public void FortyOneDifferences_AreAllShown_ForOneMoreLineWouldSayNoLess()
    {
        var differences = Enumerable.Range(1, 41).Select(i => $"+ table t{i}").ToList();

        var text = SchemaSnapshot.Format(differences, "added", "removed");

        Assert.Contains("+ table t41", text);
        Assert.DoesNotContain("more", text);
    }

    [Fact]
    public void FortyFiveDifferences_ShowForty_AndSayHowManyMore()
    {
        var differences = Enumerable.Range(1, 45).Select(i => $"+ table t{i}").ToList();

        var text = SchemaSnapshot.Format(differences, "added", "removed");

        Assert.Contains("+ table t40\n", text);
        Assert.DoesNotContain("+ table t41", text);
        Assert.EndsWith("\n  ... and 5 more", text);
    }
}
