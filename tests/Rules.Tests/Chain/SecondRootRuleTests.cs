using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class SecondRootRuleTests
{
    [Fact]
    public void SingleRoot_IsNotReported()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0001"), Child("0003", "0002"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void MidChainNullParent_IsReportedOnBothRoots()
    {
        // The incident: 0004 lost its parent, so the database sees two chains and may run 0004 first.
        var diagnostics = Validate(Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Root("0004")).OfRule(RuleIds.SecondRoot);

        Assert.Equal(new[] { "0001", "0004" }, diagnostics.ReportedOn());
        Assert.All(diagnostics, d => Assert.Equal(ChainSeverity.Error, d.Severity));
    }

    [Fact]
    public void StrayRoot_SuggestsTheHeadOfTheMainChain()
    {
        var stray = Validate(Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Root("0004"))
            .OfRule(RuleIds.SecondRoot).Single(d => d.Revision == "0004");

        Assert.Equal(new[] { "0003" }, stray.SuggestedRevisions);
        Assert.Contains("Parent = \"0003\"", stray.Message);
        Assert.Contains("'0001'", stray.Message);
    }

    [Fact]
    public void MainRoot_NamesTheStrayButSuggestsNoParentForItself()
    {
        var main = Validate(Root("0001"), Child("0002", "0001"), Root("0004"))
            .OfRule(RuleIds.SecondRoot).Single(d => d.Revision == "0001");

        Assert.Empty(main.SuggestedRevisions);
        Assert.Contains("'0004'", main.Message);
        Assert.Equal(new[] { "0001", "0004" }, main.Revisions);
    }

    [Fact]
    public void RootWithBranch_IsAnIntendedIndependentChain()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0001"), Root("p001", branch: "plugins"), Child("p002", "p001"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void TwoLabelledRoots_AreNotReported()
    {
        var diagnostics = Validate(Root("a1", "alpha"), Root("b1", "beta"));

        Assert.Empty(diagnostics.OfRule(RuleIds.SecondRoot));
    }

    [Fact]
    public void ThreeUnlabelledRoots_AreEachReportedNamingTheOthers()
    {
        var diagnostics = Validate(Root("0001"), Root("0002"), Root("0003")).OfRule(RuleIds.SecondRoot);

        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(3, d.Revisions.Count));
    }

    [Fact]
    public void UnlabelledRootBesideLabelledRoots_IsNotReported()
    {
        var diagnostics = Validate(Root("0001"), Root("p001", "plugins"), Root("q001", "queue"));

        Assert.Empty(diagnostics.OfRule(RuleIds.SecondRoot));
    }

    [Fact]
    public void WhitespaceBranch_DoesNotCountAsALabel()
    {
        var diagnostics = Validate(Root("0001"), Root("0002", branch: "  ")).OfRule(RuleIds.SecondRoot);

        Assert.Equal(2, diagnostics.Count);
    }
}
