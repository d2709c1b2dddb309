using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class UnknownRevisionRuleTests
{
    [Fact]
    public void MissingParent_IsReportedOnTheChild()
    {
        var diagnostic = Assert.Single(Validate(Root("0001"), Child("0002", "0001"), Child("0003", "9999")).OfRule(RuleIds.UnknownRevision));

        Assert.Equal("0003", diagnostic.Revision);
        Assert.Equal(new[] { "0003", "9999" }, diagnostic.Revisions);
        Assert.Contains("Can't locate revision", diagnostic.Message);
    }

    [Fact]
    public void MisspeltParent_SuggestsTheClosestRevision()
    {
        var diagnostic = Assert.Single(Validate(Root("0001_init"), Child("0002_users", "0001_init"), Child("0003_audit", "0002_user")).OfRule(RuleIds.UnknownRevision));

        Assert.Equal(new[] { "0002_users" }, diagnostic.SuggestedRevisions);
        Assert.Contains("Did you mean '0002_users'?", diagnostic.Message);
    }

    [Fact]
    public void TwoSwappedPairs_SuggestTheRevision_AsTheCliSuggestsAVerb()
    {
        // "0010_tgas" is two adjacent swaps from "0001_tags": two edits, as the CLI counts "upgarde" (one measure, Nearest).
        var diagnostic = Assert.Single(Validate(Root("0001_tags"), Child("0002_users", "0001_tags"), Child("0003_audit", "0010_tgas")).OfRule(RuleIds.UnknownRevision));

        Assert.Equal(new[] { "0001_tags" }, diagnostic.SuggestedRevisions);
        Assert.Equal("0001_tags", Nearest.Name("0010_TGAS", new[] { "0002_users", "0001_tags" }, ignoreCase: true));
    }

    [Theory]
    [InlineData("upgarde", "upgrade", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("0001_init", "0001_init", 0)]
    public void Distance_CountsASwapAsOneEdit_AndStopsAtTheLimit(string a, string b, int expected)
    {
        Assert.Equal(expected, Nearest.Distance(a, b, limit: 10));
        Assert.Equal(Math.Min(expected, 2), Nearest.Distance(a, b, limit: 2));
    }

    [Fact]
    public void PrefixOfOneRevision_SuggestsThatRevision()
    {
        var diagnostic = Assert.Single(Validate(Root("0001_init"), Child("0002_users_and_roles", "0001_init"), Child("0003", "0002")).OfRule(RuleIds.UnknownRevision));

        Assert.Equal(new[] { "0002_users_and_roles" }, diagnostic.SuggestedRevisions);
    }

    [Fact]
    public void UnrelatedMissingParent_SuggestsTheCurrentHead()
    {
        var diagnostic = Assert.Single(Validate(Root("0001"), Child("0002", "0001"), Child("zzzz_new", "qqqqqqqqqqqq")).OfRule(RuleIds.UnknownRevision));

        Assert.Equal(new[] { "0002" }, diagnostic.SuggestedRevisions);
    }

    [Fact]
    public void MissingParentOfAMigrationWithChildren_NeverSuggestsADescendant()
    {
        // 0005 builds on 0004 and is the last head: "set Parent = 0005" on 0004 would close a cycle (MC1005).
        var diagnostic = Assert.Single(Validate(
                Root("0001"), Child("0002", "0001"), Child("0003", "0002"),
                Child("0004", "qqqqqqqqqqqq"), Child("0005", "0004"))
            .OfRule(RuleIds.UnknownRevision));

        Assert.Equal(new[] { "0003" }, diagnostic.SuggestedRevisions);
        Assert.Contains("set Parent = \"0003\"", diagnostic.Message);
        Assert.Contains("does not build on '0004'", diagnostic.Message);
        Assert.Empty(Validate(Root("0001"), Child("0002", "0001"), Child("0003", "0002"), Child("0004", "0003"), Child("0005", "0004")));
    }

    [Fact]
    public void MisspeltParentCloseToADescendant_SuggestsTheClosestRevisionThatIsNotOne()
    {
        var diagnostic = Assert.Single(Validate(
                Root("0001_init"), Child("0003_audit", "0001_init"),
                Child("0004_fix", "0005_audit"), Child("0005_audits", "0004_fix"))
            .OfRule(RuleIds.UnknownRevision));

        Assert.Equal(new[] { "0003_audit" }, diagnostic.SuggestedRevisions);
    }

    [Fact]
    public void MisspeltParentThatIsAPrefixOfTheMigrationItself_IsNotSuggested()
    {
        var diagnostic = Assert.Single(Validate(Root("0001_init"), Child("0002_users", "0002_use")).OfRule(RuleIds.UnknownRevision));

        Assert.Equal(new[] { "0001_init" }, diagnostic.SuggestedRevisions);
    }

    [Fact]
    public void EveryHeadBuildsOnTheMigration_NothingIsSuggested()
    {
        var diagnostic = Assert.Single(Validate(Child("0001", "qqqqqqqqqqqq"), Child("0002", "0001")).OfRule(RuleIds.UnknownRevision));

        Assert.Empty(diagnostic.SuggestedRevisions);
        Assert.Contains("does not build on it", diagnostic.Message);
    }

    [Fact]
    public void MissingMergeParent_IsCalledAMergeParent()
    {
        var diagnostic = Assert.Single(Validate(Root("0001"), Child("0002a", "0001"), Merge("0003", "0002a", "0002b")).OfRule(RuleIds.UnknownRevision));

        Assert.Contains("merge parent '0002b'", diagnostic.Message);
    }

    [Fact]
    public void MissingDependsOn_IsReported()
    {
        var diagnostic = Assert.Single(Validate(Root("0001"), Child("0002", "0001", dependsOn: new[] { "p003" })).OfRule(RuleIds.UnknownRevision));

        Assert.Contains("DependsOn entry 'p003'", diagnostic.Message);
    }

    [Fact]
    public void ExistingReferences_AreNotReported()
    {
        var diagnostics = Validate(
            Root("0001"), Child("0002", "0001"),
            Root("p001", "plugins"),
            Child("0003", "0002", dependsOn: new[] { "p001" }));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void SameMissingParentNamedTwice_IsReportedOnce()
    {
        var diagnostics = Validate(Root("0001"), new RevisionInfo("0002", new[] { "x", "x" })).OfRule(RuleIds.UnknownRevision);

        Assert.Single(diagnostics);
    }
}
