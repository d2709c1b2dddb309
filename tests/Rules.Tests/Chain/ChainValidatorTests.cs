using System.Linq;
using static MigrationChain.Rules.Tests.Chain.Facts;

namespace MigrationChain.Rules.Tests.Chain;

public class ChainValidatorTests
{
    [Fact]
    public void TenThousandMigrationChain_IsValid()
    {
        Assert.Empty(ChainValidator.Validate(Linear(10_000)));
    }

    [Fact]
    public void DiagnosticsComeOutGroupedByRuleId()
    {
        var diagnostics = Validate(Root("0001"), Root("0004"), Child("0005", "missing"), Child("0006", "0006"));

        var ids = diagnostics.Select(d => d.Id).ToList();
        Assert.Equal(ids.OrderBy(i => i, System.StringComparer.Ordinal), ids);
        Assert.Contains(RuleIds.SecondRoot, ids);
        Assert.Contains(RuleIds.UnknownRevision, ids);
        Assert.Contains(RuleIds.Cycle, ids);
    }

    [Fact]
    public void ToString_IsTheCanonicalCompilerForm()
    {
        var located = Root("0004") with { Location = new SourceLocation("Migrations/M0004.cs", 12, 5) };

        var diagnostic = Validate(Root("0001"), located).OfRule(RuleIds.SecondRoot).Single(d => d.Revision == "0004");

        Assert.StartsWith("Migrations/M0004.cs(12,5): error MC1001: ", diagnostic.ToString());
    }

    [Fact]
    public void WarningsUseTheWarningKeyword()
    {
        var diagnostic = Validate(Root("0001"), Child("0002", "0001"), Merge("0003", "0001", "0002")).Single();

        Assert.StartsWith("warning MC1008: ", diagnostic.ToString());
    }

    [Fact]
    public void NullEntries_AreIgnored()
    {
        Assert.Empty(ChainValidator.Validate(new RevisionInfo[] { Root("0001"), null! }));
    }

    [Fact]
    public void EmptyChain_IsValid()
    {
        Assert.Empty(ChainValidator.Validate(System.Array.Empty<RevisionInfo>()));
    }

    [Fact]
    public void HelpLinksPointAtTheDocsPage()
    {
        Assert.EndsWith("/docs/diagnostics/MC1003.md", RuleIds.HelpLink(RuleIds.MultipleHeads));
    }
}
