using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class MalformedMergeRuleTests
{
    [Fact]
    public void ParentAndParentsBoth_AreReported()
    {
        var both = new RevisionInfo("0003", new[] { "0002a", "0002a", "0002b" }) { ParentDeclaration = ParentDeclaration.Both };

        var diagnostic = Assert.Single(Validate(Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), both).OfRule(RuleIds.MalformedMerge));

        Assert.Contains("both Parent and Parents", diagnostic.Message);
    }

    [Fact]
    public void MergeWithOneParent_SuggestsParent()
    {
        var diagnostic = Assert.Single(Validate(Root("0001"), Merge("0002", "0001")).OfRule(RuleIds.MalformedMerge));

        Assert.Contains("use Parent = \"0001\"", diagnostic.Message);
    }

    [Fact]
    public void MergeWithNoParents_IsReported()
    {
        var diagnostics = Validate(Root("0001"), Merge("0002")).OfRule(RuleIds.MalformedMerge);

        Assert.Single(diagnostics);
    }

    [Fact]
    public void ParentNamedTwice_IsReported()
    {
        var diagnostics = Validate(Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b", "0002a")).OfRule(RuleIds.MalformedMerge);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Contains("'0002a' more than once", diagnostic.Message);
    }

    [Fact]
    public void WellFormedMerge_IsNotReported()
    {
        Assert.Empty(Validate(Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b")));
    }

    [Fact]
    public void MergeOfTwoCopiesOfTheSameParent_IsReportedOnce()
    {
        var diagnostics = Validate(Root("0001"), Merge("0002", "0001", "0001")).OfRule(RuleIds.MalformedMerge);

        Assert.Equal(2, diagnostics.Count);
        Assert.Contains(diagnostics, d => d.Message.Contains("more than once", System.StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("one revision", System.StringComparison.Ordinal));
    }
}
