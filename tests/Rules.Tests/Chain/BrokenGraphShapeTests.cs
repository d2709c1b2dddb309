using System.Linq;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

/// <summary>
/// Chains broken in more than one way at once. Each problem is independent, so one pass must report all of them:
/// a developer who fixes what the build showed must not meet the next problem only on the following build.
/// </summary>
public class BrokenGraphShapeTests
{
    /// <summary>
    /// The shape of andela/mrm_api's Alembic history in early 2019: a revision naming a parent that no longer
    /// existed, three revisions naming each other in a loop, and two revisions forked from one parent behind it.
    /// </summary>
    private static RevisionInfo[] MissingParentCycleAndFork() => new[]
    {
        Root("0a1b_initial"),
        Child("1c2d_rooms", "0a1b_initial"),
        Child("2e3f_blocks", "9999_deleted"),
        Child("3a4b_wings", "5e6f_floors"),
        Child("4c5d_offices", "3a4b_wings"),
        Child("5e6f_floors", "4c5d_offices"),
        Child("6a7b_devices", "5e6f_floors"),
        Child("7c8d_resources", "6a7b_devices"),
        Child("8e9f_questions", "6a7b_devices"),
    };

    [Fact]
    public void MissingParentCycleAndForkBehindTheCycle_AreAllReportedInOnePass()
    {
        var diagnostics = ChainValidator.Validate(MissingParentCycleAndFork());

        Assert.Equal(new[] { "2e3f_blocks" }, diagnostics.OfRule(RuleIds.UnknownRevision).ReportedOn());
        Assert.Equal(new[] { "3a4b_wings", "4c5d_offices", "5e6f_floors" }, diagnostics.OfRule(RuleIds.Cycle).ReportedOn());
        var heads = diagnostics.OfRule(RuleIds.MultipleHeads);
        Assert.Equal(new[] { "7c8d_resources", "8e9f_questions" }, heads.ReportedOn());
        Assert.All(heads, d =>
        {
            Assert.Contains("descend from '6a7b_devices'", d.Message);
            Assert.Equal(new[] { "7c8d_resources", "8e9f_questions" }, d.SuggestedRevisions);
        });
    }

    [Fact]
    public void FixingTheCycleAndTheParent_LeavesExactlyTheForkThatWasAlreadyReported()
    {
        var fixedChain = MissingParentCycleAndFork()
            .Select(r => r.Revision switch
            {
                "2e3f_blocks" => Child("2e3f_blocks", "1c2d_rooms"),
                "3a4b_wings" => Child("3a4b_wings", "2e3f_blocks"),
                _ => r,
            })
            .ToArray();

        var diagnostics = ChainValidator.Validate(fixedChain);

        Assert.Equal(new[] { RuleIds.MultipleHeads }, diagnostics.Select(d => d.Id).Distinct());
        Assert.Equal(new[] { "7c8d_resources", "8e9f_questions" }, diagnostics.ReportedOn());
    }

    [Fact]
    public void OneHeadBehindACycle_IsNotAFork()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0004"), Child("0003", "0002"), Child("0004", "0003"), Child("0005", "0004"));

        Assert.Empty(diagnostics.OfRule(RuleIds.MultipleHeads));
        Assert.Equal(3, diagnostics.OfRule(RuleIds.Cycle).Count);
    }

    [Fact]
    public void LabelledBranchesForkedBehindACycle_AreIntended()
    {
        var diagnostics = Validate(
            Child("0002", "0003"), Child("0003", "0002"),
            Child("e001", "0003", branch: "expand"), Child("c001", "0003", branch: "contract"));

        Assert.Empty(diagnostics.OfRule(RuleIds.MultipleHeads));
    }

    [Fact]
    public void TwoHeadsOnOneLabelBehindACycle_AreReportedOnThatBranch()
    {
        var diagnostics = Validate(
            Child("0002", "0003", branch: "plugins"), Child("0003", "0002"),
            Child("p001", "0003"), Child("p002", "0003")).OfRule(RuleIds.MultipleHeads);

        Assert.Equal(new[] { "p001", "p002" }, diagnostics.ReportedOn());
        Assert.Contains("branch 'plugins'", diagnostics[0].Message);
    }

    [Fact]
    public void CycleThroughADependsOnEntry_IsNotMistakenForTwoHeads()
    {
        // Neither has children; each needs the other through DependsOn: a cycle, not two heads.
        var diagnostics = Validate(
            Root("0001"),
            Child("0002a", "0001", dependsOn: new[] { "0002b" }),
            Child("0002b", "0001", dependsOn: new[] { "0002a" }));

        Assert.NotEmpty(diagnostics.OfRule(RuleIds.Cycle));
        Assert.Empty(diagnostics.OfRule(RuleIds.MultipleHeads));
    }
}
