using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class MultipleHeadsRuleTests
{
    [Fact]
    public void TwoChildrenOfOneParent_AreBothReportedNamingTheSharedParent()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0001"), Child("0003a", "0002"), Child("0003b", "0002")).OfRule(RuleIds.MultipleHeads);

        Assert.Equal(new[] { "0003a", "0003b" }, diagnostics.ReportedOn());
        Assert.All(diagnostics, d =>
        {
            Assert.Contains("'0002'", d.Message);
            Assert.Contains("Multiple head revisions are present", d.Message);
            Assert.Equal(new[] { "0003a", "0003b" }, d.SuggestedRevisions);
            Assert.Contains("0002", d.Revisions);
        });
    }

    [Fact]
    public void HeadsJoinedByAMerge_AreNotReported()
    {
        var diagnostics = Validate(Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void ForkDeepInTheChain_NamesTheClosestCommonAncestor()
    {
        var diagnostic = Validate(
                Root("0001"), Child("0002", "0001"), Child("0003", "0002"),
                Child("0004a", "0003"), Child("0005a", "0004a"),
                Child("0004b", "0003"))
            .OfRule(RuleIds.MultipleHeads)
            .First();

        Assert.Contains("descend from '0003'", diagnostic.Message);
    }

    [Fact]
    public void ForkOnALabelledBranch_IsIntended()
    {
        // Expand/contract: two deliberate parallel branches from one parent.
        var diagnostics = Validate(Root("0001"), Child("0002", "0001"), Child("e001", "0002", branch: "expand"), Child("c001", "0002", branch: "contract"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void MainLineContinuingBesideALabelledBranch_IsIntended()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Child("e001", "0002", branch: "expand"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void TwoHeadsOnTheSameLabelledBranch_AreReported()
    {
        var diagnostics = Validate(Root("0001"), Child("p001", "0001", branch: "plugins"), Child("p002a", "p001"), Child("p002b", "p001")).OfRule(RuleIds.MultipleHeads);

        Assert.Equal(new[] { "p002a", "p002b" }, diagnostics.ReportedOn());
        Assert.Contains("branch 'plugins'", diagnostics[0].Message);
    }

    [Fact]
    public void TwoIndependentChainsWithTheSameLabel_AreReportedAsSharingNoAncestor()
    {
        var diagnostics = Validate(Root("0001"), Root("p001", "plugins"), Root("q001", "plugins")).OfRule(RuleIds.MultipleHeads);

        Assert.Equal(2, diagnostics.Count);
        Assert.Contains("share no ancestor", diagnostics[0].Message);
    }

    [Fact]
    public void HeadsOfTwoUnlabelledRoots_AreLeftToTheSecondRootRule()
    {
        var diagnostics = Validate(Root("0001"), Root("0004"));

        Assert.Empty(diagnostics.OfRule(RuleIds.MultipleHeads));
        Assert.Equal(2, diagnostics.OfRule(RuleIds.SecondRoot).Count);
    }

    [Fact]
    public void DependsOnDoesNotJoinHeads()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0001"), Root("p001", "plugins"), Child("0003", "0002", dependsOn: new[] { "p001" }));

        Assert.Empty(diagnostics);
    }
}
