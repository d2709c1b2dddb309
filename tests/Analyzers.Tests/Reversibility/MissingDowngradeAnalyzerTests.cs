using Verify2001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.Reversibility.MissingDowngradeAnalyzer>;

namespace MigrationChain.Analyzers.Tests.Reversibility;

public class MissingDowngradeAnalyzerTests
{
    private const string Upgrade = "public override void Upgrade(MigrationBuilder m) => m.Sql(\"CREATE TABLE t (id int)\");";

    private static string Class(string members, string attributes = "[Migration(\"0001\")]", string name = "{|#0:M1|}") =>
        $"using MigrationChain;\n\n{attributes}\npublic sealed class {name} : Migration\n{{\n    {Upgrade}\n{members}\n}}\n";

    [Fact]
    public async Task DowngradeNotOverridden_IsReportedOnTheClassName()
    {
        await Verify2001.AnalyzerAsync(
            Class(string.Empty),
            Verify2001.Diagnostic(RuleIds.MissingDowngrade).WithLocation(0).WithArguments("0001", "does not override Downgrade"));
    }

    [Fact]
    public async Task EmptyDowngrade_IsReportedOnTheMethodName()
    {
        await Verify2001.AnalyzerAsync(
            Class("    public override void {|#1:Downgrade|}(MigrationBuilder m) { }", name: "M1"),
            Verify2001.Diagnostic(RuleIds.MissingDowngrade).WithLocation(1).WithArguments("0001", "has an empty Downgrade"));
    }

    [Theory]
    [InlineData("public override void {|#1:Downgrade|}(MigrationBuilder m) => throw new System.NotSupportedException();")]
    [InlineData("public override void {|#1:Downgrade|}(MigrationBuilder m) { throw new System.InvalidOperationException(\"no\"); }")]
    public async Task DowngradeThatOnlyThrows_IsReported(string downgrade)
    {
        await Verify2001.AnalyzerAsync(
            Class("    " + downgrade, name: "M1"),
            Verify2001.Diagnostic(RuleIds.MissingDowngrade).WithLocation(1).WithArguments("0001", "has a Downgrade that only throws"));
    }

    [Fact]
    public async Task DowngradeThatOnlyCallsTheThrowingBase_IsReported()
    {
        await Verify2001.AnalyzerAsync(
            Class("    public override void {|#1:Downgrade|}(MigrationBuilder m) => base.Downgrade(m);", name: "M1"),
            Verify2001.Diagnostic(RuleIds.MissingDowngrade).WithLocation(1).WithArguments("0001", "has a Downgrade that only calls the base one, which throws"));
    }

    [Fact]
    public async Task WorkingDowngrade_IsFine()
    {
        await Verify2001.AnalyzerAsync(Class("    public override void Downgrade(MigrationBuilder m) => m.Sql(\"DROP TABLE IF EXISTS t\");", name: "M1"));
    }

    [Fact]
    public async Task DowngradeThatThrowsOnlySometimes_IsFine()
    {
        await Verify2001.AnalyzerAsync(Class(
            "    public override void Downgrade(MigrationBuilder m)\n    {\n        if (m.TableExists(\"audit\")) throw new System.InvalidOperationException();\n        m.Sql(\"DROP TABLE IF EXISTS t\");\n    }",
            name: "M1"));
    }

    [Fact]
    public async Task IrreversibleWithAReason_IsNotReported()
    {
        await Verify2001.AnalyzerAsync(Class(string.Empty, "[Migration(\"0001\")]\n[Irreversible(\"drops data that cannot be restored\")]", "M1"));
    }

    [Fact]
    public async Task IrreversibleWithAnEmptyReason_IsNotThisRulesBusiness()
    {
        await Verify2001.AnalyzerAsync(Class(string.Empty, "[Migration(\"0001\"), Irreversible(\"\")]", "M1"));
    }

    [Fact]
    public async Task EmptyUpgrade_HasNothingToUndo()
    {
        await Verify2001.AnalyzerAsync("""
            using MigrationChain;

            [Migration("0003_merge", Parents = new[] { "a", "b" })]
            public sealed class Merge : Migration
            {
                public override void Upgrade(MigrationBuilder m) { }
            }
            """);
    }

    [Fact]
    public async Task DowngradeInheritedFromAWorkingBase_IsFine()
    {
        await Verify2001.AnalyzerAsync("""
            using MigrationChain;

            public abstract class TableMigration : Migration
            {
                public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS t");
            }

            [Migration("0001")]
            public sealed class M1 : TableMigration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id int)");
            }
            """);
    }

    [Fact]
    public async Task EmptyDowngradeInheritedFromABase_IsReportedOnTheMigration()
    {
        await Verify2001.AnalyzerAsync(
            """
            using MigrationChain;

            public abstract class Lazy : Migration
            {
                public override void Downgrade(MigrationBuilder m) { }
            }

            [Migration("0001")]
            public sealed class {|#0:M1|} : Lazy
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id int)");
            }
            """,
            Verify2001.Diagnostic(RuleIds.MissingDowngrade).WithLocation(0).WithArguments("0001", "inherits an empty Downgrade from 'Lazy'"));
    }

    [Fact]
    public async Task AbstractMigrationsAndNonMigrations_AreNotReported()
    {
        await Verify2001.AnalyzerAsync("""
            using MigrationChain;

            [Migration("0001")]
            public abstract class Base : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id int)");
            }

            [Migration("0002")]
            public sealed class NotAMigration { }

            public sealed class NoAttribute : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE u (id int)");
            }
            """);
    }

    [Fact]
    public async Task RevisionFromAConstant_IsNamed()
    {
        await Verify2001.AnalyzerAsync(
            Class(string.Empty, "[Migration(Id)]", "{|#0:M1|}").Replace("{\n    public override void Upgrade", "{\n    private const string Id = \"0007_x\";\n    public override void Upgrade"),
            Verify2001.Diagnostic(RuleIds.MissingDowngrade).WithLocation(0).WithArguments("0007_x", "does not override Downgrade"));
    }
}
