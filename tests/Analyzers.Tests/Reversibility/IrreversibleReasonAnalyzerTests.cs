using Verify2002 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.Reversibility.IrreversibleReasonAnalyzer>;

namespace MigrationChain.Analyzers.Tests.Reversibility;

public class IrreversibleReasonAnalyzerTests
{
    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("null")]
    [InlineData("Reason")]
    public async Task EmptyOrBlankReason_IsReportedOnTheArgument(string reason)
    {
        await Verify2002.AnalyzerAsync(
            $$"""
            using MigrationChain;

            [Migration("0001"), Irreversible({|#0:{{reason}}|})]
            public sealed class M1 : Migration
            {
                private const string Reason = "";
                public override void Upgrade(MigrationBuilder m) { }
            }
            """,
            Verify2002.Diagnostic(RuleIds.IrreversibleWithoutReason).WithLocation(0).WithArguments("0001"));
    }

    [Fact]
    public async Task RealReason_IsFine()
    {
        await Verify2002.AnalyzerAsync("""
            using MigrationChain;

            [Migration("0001")]
            [MigrationChain.IrreversibleAttribute("drops the legacy audit rows")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """);
    }

    [Fact]
    public async Task AnotherIrreversibleAttribute_IsNotOurs()
    {
        await Verify2002.AnalyzerAsync("""
            [Irreversible("")]
            public sealed class Other { }

            public sealed class IrreversibleAttribute : System.Attribute { public IrreversibleAttribute(string reason) { } }
            """);
    }
}
