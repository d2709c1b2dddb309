using System.Linq;
using MigrationChain.Schema;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Schema;

public class PrecedenceIndexTests
{
    [Fact]
    public void AgreesWithTheGraphsAncestorWalk_OnABranchyChain()
    {
        var random = new System.Random(99);
        var chain = new System.Collections.Generic.List<RevisionInfo> { Root("n000") };
        for (var i = 1; i < 300; i++)
        {
            var id = $"n{i:D3}";
            var parent = chain[random.Next(chain.Count)].Revision;
            chain.Add(random.Next(6) == 0 && chain.Count > 2
                ? Merge(id, parent, chain[random.Next(chain.Count)].Revision)
                : random.Next(8) == 0
                    ? Child(id, parent, dependsOn: new[] { chain[random.Next(chain.Count)].Revision })
                    : Child(id, random.Next(3) == 0 ? chain[^1].Revision : parent));
        }

        var graph = RevisionGraph.Build(chain);
        var index = new PrecedenceIndex(graph);
        for (var node = 0; node < graph.Count; node++)
        {
            var ancestors = graph.Ancestors(new[] { node }, followDependsOn: true);
            for (var other = 0; other < graph.Count; other++)
            {
                Assert.Equal(ancestors[other] && other != node, index.RunsBefore(other, node));
            }
        }
    }

    [Fact]
    public void NothingRunsBeforeItself()
    {
        var graph = RevisionGraph.Build(Linear(3));

        Assert.All(Enumerable.Range(0, 3), n => Assert.False(new PrecedenceIndex(graph).RunsBefore(n, n)));
    }
}
