using System.Linq;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class CycleRuleTests
{
    [Fact]
    public void CycleOfLengthOne_IsASelfParent()
    {
        var diagnostic = Assert.Single(Validate(Root("0001"), Child("0002", "0002")).OfRule(RuleIds.Cycle));

        Assert.Equal("0002", diagnostic.Revision);
        Assert.Contains("names itself", diagnostic.Message);
    }

    [Fact]
    public void CycleOfLengthTwo_IsReportedOnBothMembers()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0003"), Child("0003", "0002")).OfRule(RuleIds.Cycle);

        Assert.Equal(new[] { "0002", "0003" }, diagnostics.ReportedOn());
        Assert.Contains("'0002' -> '0003' -> '0002'", diagnostics[0].Message);
    }

    [Fact]
    public void LongCycle_ShowsTheWholeLoop()
    {
        var diagnostics = Validate(
            Root("0001"),
            Child("0002", "0006"), Child("0003", "0002"), Child("0004", "0003"), Child("0005", "0004"), Child("0006", "0005"))
            .OfRule(RuleIds.Cycle);

        Assert.Equal(5, diagnostics.Count);
        Assert.Contains("'0002' -> '0006' -> '0005' -> '0004' -> '0003' -> '0002'", diagnostics[0].Message);
    }

    [Fact]
    public void DescendantsOfACycle_AreNotReportedThemselves()
    {
        var diagnostics = Validate(Root("0001"), Child("0002", "0003"), Child("0003", "0002"), Child("0004", "0003")).OfRule(RuleIds.Cycle);

        Assert.DoesNotContain("0004", diagnostics.ReportedOn());
    }

    [Fact]
    public void CycleThroughDependsOn_IsReported()
    {
        var diagnostics = Validate(
            Root("0001"), Child("0002", "0001", dependsOn: new[] { "p002" }),
            Root("p001", "plugins"), Child("p002", "p001", dependsOn: new[] { "0002" })).OfRule(RuleIds.Cycle);

        Assert.Equal(new[] { "0002", "p002" }, diagnostics.ReportedOn());
    }

    [Fact]
    public void DiamondThroughAMerge_IsNotACycle()
    {
        Assert.Empty(Validate(Root("0001"), Child("0002a", "0001"), Child("0002b", "0001"), Merge("0003", "0002a", "0002b")).OfRule(RuleIds.Cycle));
    }

    [Fact]
    public void TwoSeparateCycles_AreBothFound()
    {
        var diagnostics = Validate(Root("0001"), Child("a", "b"), Child("b", "a"), Child("c", "d"), Child("d", "c")).OfRule(RuleIds.Cycle);

        Assert.Equal(new[] { "a", "b", "c", "d" }, diagnostics.ReportedOn());
    }

    [Fact]
    public void VeryLongCycle_DoesNotExhaustTheStack()
    {
        var chain = Linear(20_000);
        chain[0] = Child(chain[0].Revision, chain[^1].Revision);

        var diagnostics = ChainValidator.Validate(chain).OfRule(RuleIds.Cycle);

        Assert.Equal(20_000, diagnostics.Count);
        Assert.Equal(20_000, diagnostics.Select(d => d.Revision).Distinct().Count());
    }
}
