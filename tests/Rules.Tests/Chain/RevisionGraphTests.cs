using System.Linq;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class RevisionGraphTests
{
    [Fact]
    public void TopologicalOrder_PutsParentsFirstAndBreaksTiesById()
    {
        var graph = RevisionGraph.Build(new[] { Child("0003b", "0002"), Child("0002", "0001"), Child("0003a", "0002"), Root("0001") });

        Assert.Equal(new[] { "0001", "0002", "0003a", "0003b" }, graph.TopologicalOrder.Select(graph.Id));
    }

    [Fact]
    public void TopologicalOrder_TakesTheSmallestReadyIdFirst_HoweverManyAreReady()
    {
        // Forty roots and a child under every third one, declared in a scrambled order: at each step many revisions
        // are ready at once, and the order must still be the ordinal order of ids among those whose parents ran.
        var ids = Enumerable.Range(0, 40).Select(i => $"r{(i * 17) % 40:D2}").ToList();
        var facts = ids.Select(id => Root(id, id == "r00" ? null : "b" + id))
            .Concat(ids.Where(id => int.Parse(id.Substring(1)) % 3 == 0).Select(id => Child("c" + id, id)))
            .Reverse()
            .ToArray();

        var graph = RevisionGraph.Build(facts);

        // Each root, then at once its child when it has one ('c' sorts before 'r'), then the next root.
        var expected = ids.OrderBy(id => id, System.StringComparer.Ordinal)
            .SelectMany(id => int.Parse(id.Substring(1)) % 3 == 0 ? new[] { id, "c" + id } : new[] { id });
        Assert.Equal(expected, graph.TopologicalOrder.Select(graph.Id));
    }

    [Fact]
    public void TopologicalOrder_RunsDependsOnTargetsFirst()
    {
        var graph = RevisionGraph.Build(new[] { Root("0001"), Child("0002", "0001", dependsOn: new[] { "z_plugin" }), Root("z_plugin", "plugins") });

        var order = graph.TopologicalOrder.Select(graph.Id).ToList();
        Assert.True(order.IndexOf("z_plugin") < order.IndexOf("0002"));
    }

    [Fact]
    public void Branches_PropagateToDescendantsAndUniteAtMerges()
    {
        var graph = RevisionGraph.Build(new[]
        {
            Root("0001"), Child("e1", "0001", "expand"), Child("e2", "e1"), Child("c1", "0001", "contract"), Merge("m", "e2", "c1"),
        });

        string Labels(string id)
        {
            graph.TryGetIndex(id, out var node);
            return graph.Branches[node].Key.Replace('\u001f', ',');
        }

        Assert.Equal(string.Empty, Labels("0001"));
        Assert.Equal("expand", Labels("e2"));
        Assert.Equal("contract,expand", Labels("m"));
    }

    [Fact]
    public void Heads_AreNodesWithoutChildren()
    {
        var graph = RevisionGraph.Build(new[] { Root("0001"), Child("0002a", "0001"), Child("0002b", "0001") });

        Assert.Equal(new[] { "0002a", "0002b" }, graph.Heads.Select(graph.Id));
    }

    [Fact]
    public void Ancestors_FollowDependsOnOnlyWhenAsked()
    {
        var graph = RevisionGraph.Build(new[] { Root("0001"), Root("p1", "plugins"), Child("0002", "0001", dependsOn: new[] { "p1" }) });
        graph.TryGetIndex("0002", out var node);
        graph.TryGetIndex("p1", out var plugin);

        Assert.False(graph.Ancestors(new[] { node }, followDependsOn: false)[plugin]);
        Assert.True(graph.Ancestors(new[] { node }, followDependsOn: true)[plugin]);
    }

    [Fact]
    public void IsAncestor_SeesThroughLongChains()
    {
        var graph = RevisionGraph.Build(Linear(5_000));

        Assert.True(graph.IsAncestor(0, 4_999));
        Assert.False(graph.IsAncestor(4_999, 0));
    }
}
