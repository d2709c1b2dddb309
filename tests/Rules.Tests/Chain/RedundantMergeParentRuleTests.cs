using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class RedundantMergeParentRuleTests
{
    [Fact]
    public void ParentThatIsAnAncestorOfAnotherParent_IsAWarning()
    {
        var diagnostic = Assert.Single(Validate(
            Root("0001"), Child("0002a", "0001"), Child("0003a", "0002a"), Child("0002b", "0001"),
            Merge("0004", "0002a", "0003a", "0002b")).OfRule(RuleIds.RedundantMergeParent));

        Assert.Equal(ChainSeverity.Warning, diagnostic.Severity);
        Assert.Equal("0004", diagnostic.Revision);
        Assert.Equal(new[] { "0004", "0002a", "0003a" }, diagnostic.Revisions);
    }

    [Fact]
    public void DistantAncestorParent_IsFound()
    {
        var chain = Linear(500);
        chain.Add(Child("side", "00001"));
        chain.Add(Merge("merge", "00002", chain[499].Revision, "side"));

        var diagnostic = Assert.Single(ChainValidator.Validate(chain).OfRule(RuleIds.RedundantMergeParent));

        Assert.Equal(new[] { "merge", "00002", "00500" }, diagnostic.Revisions);
    }

    [Fact]
    public void IndependentParents_AreNotReported()
    {
        Assert.Empty(Validate(Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b")));
    }

    [Fact]
    public void RedundancyIsOnlyAWarning_SoTheChainStillHasNoErrors()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0001"), Merge("0003", "0001", "0002"));

        Assert.All(diagnostics, d => Assert.Equal(ChainSeverity.Warning, d.Severity));
        Assert.Single(diagnostics);
    }
}
