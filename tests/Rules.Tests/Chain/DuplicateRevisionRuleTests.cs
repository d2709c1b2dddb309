using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class DuplicateRevisionRuleTests
{
    [Fact]
    public void SameIdTwice_IsReportedOnEachDeclaration()
    {
        var first = Child("0002", "0001") with { TypeName = "AddUsers", Location = new SourceLocation("A.cs", 3, 2) };
        var second = Child("0002", "0001") with { TypeName = "AddAudit", Location = new SourceLocation("B.cs", 7, 2) };

        var diagnostics = Validate(Root("0001"), first, second).OfRule(RuleIds.DuplicateRevision);

        Assert.Equal(2, diagnostics.Count);
        Assert.Same(first, diagnostics[0].ReportedOn);
        Assert.Contains("AddAudit at B.cs(7,2)", diagnostics[0].Message);
        Assert.Same(second, diagnostics[1].ReportedOn);
        Assert.Contains("AddUsers at A.cs(3,2)", diagnostics[1].Message);
    }

    [Fact]
    public void DistinctIds_AreNotReported()
    {
        Assert.Empty(Validate(Root("0001"), Child("0002", "0001")).OfRule(RuleIds.DuplicateRevision));
    }

    [Fact]
    public void IdsDifferingOnlyInCase_AreDistinct()
    {
        Assert.Empty(Validate(Root("a"), Child("A", "a")).OfRule(RuleIds.DuplicateRevision));
    }
}
