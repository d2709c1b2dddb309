using System;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class InvalidDeclarationRuleTests
{
    [Theory]
    [InlineData("0001_init")]
    [InlineData("v1.2-fix")]
    [InlineData("A")]
    [InlineData("20261125T1015_add_users")]
    public void ValidIds_AreAccepted(string id)
    {
        Assert.Empty(Validate(Root(id)).OfRule(RuleIds.InvalidDeclaration));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "whitespace")]
    [InlineData("0001 init", "U+0020")]
    [InlineData("0001/init", "'/'")]
    [InlineData("0001@x", "'@'")]
    [InlineData("caf\u00e9", "'\u00e9'")]
    [InlineData("-1", "relative target")]
    [InlineData("+2", "'+'")]
    [InlineData(".hidden", "hidden file")]
    [InlineData("head", "reserved")]
    [InlineData("Heads", "reserved")]
    [InlineData("base", "reserved")]
    public void InvalidIds_AreReportedWithTheReason(string id, string reason)
    {
        var diagnostic = Assert.Single(Validate(Root(id)).OfRule(RuleIds.InvalidDeclaration));

        Assert.Contains(reason, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidBranchLabel_IsReported()
    {
        var diagnostic = Assert.Single(Validate(Root("0001"), Root("p001", "my plugins")).OfRule(RuleIds.InvalidDeclaration));

        Assert.Contains("Branch label", diagnostic.Message);
    }

    [Fact]
    public void AttributeOnANonMigrationClass_IsReported()
    {
        var notAMigration = Root("0001") with { IsMigrationClass = false, TypeName = "Shop.Helpers" };

        var diagnostic = Assert.Single(Validate(notAMigration).OfRule(RuleIds.InvalidDeclaration));

        Assert.Contains("Shop.Helpers", diagnostic.Message);
        Assert.Contains("MigrationChain.Migration", diagnostic.Message);
    }
}
