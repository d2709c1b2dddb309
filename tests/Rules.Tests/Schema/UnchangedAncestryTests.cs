using System.Linq;
using MigrationChain.Schema;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Schema;

/// <summary>Which "runs before" answers a later chain shares with an earlier one.</summary>
public class UnchangedAncestryTests
{
    private static RevisionInfo[] Line(int count, string? brokenAt = null) =>
        Enumerable.Range(1, count)
            .Select(i => Id(i))
            .Select((id, i) => i == 0 ? Root(id) : Child(id, id == brokenAt ? Id(i) + "x" : Id(i)))
            .ToArray();

    private static string Id(int i) => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private static int Node(RevisionGraph graph, int i) => graph.TryGetIndex(Id(i), out var node) ? node : -1;

    [Fact]
    public void ParentBrokenInTheMiddle_KeepsTheOrderOnEitherSideButNotAcrossIt()
    {
        var earlier = RevisionGraph.Build(Line(10));
        var later = RevisionGraph.Build(Line(10, brokenAt: "0006"));

        var change = UnchangedAncestry.Compare(earlier, later);

        Assert.True(change.IsComparable);
        Assert.True(change.KeepsOrder(Node(later, 9), new[] { Node(later, 6), Node(later, 8) }));
        Assert.True(change.KeepsOrder(Node(later, 4), new[] { Node(later, 1) }));
        Assert.False(change.KeepsOrder(Node(later, 9), new[] { Node(later, 5) }));
        Assert.False(change.KeepsOrder(Node(later, 7), new[] { Node(later, 2), Node(later, 8) }));
    }

    [Fact]
    public void SameChain_KeepsEveryOrder_AndANewMigrationKeepsNoneThroughIt()
    {
        var earlier = RevisionGraph.Build(Line(5));
        Assert.True(UnchangedAncestry.Compare(earlier, RevisionGraph.Build(Line(5))).KeepsOrder(4, new[] { 0, 1, 2, 3 }));

        var grown = RevisionGraph.Build(Line(6));
        var change = UnchangedAncestry.Compare(earlier, grown);
        Assert.False(change.KeepsOrder(Node(grown, 6), new[] { Node(grown, 1) }));
        Assert.True(change.KeepsOrder(Node(grown, 5), new[] { Node(grown, 1) }));
    }
}
