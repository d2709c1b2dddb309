using Verify3002 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.DropWithoutIfExistsAnalyzer>;

namespace MigrationChain.Analyzers.Tests.SqlSafety;

public class DropWithoutIfExistsAnalyzerTests
{
    private static string Migration(string downgrade) => $$"""
        using MigrationChain;

        [Migration("0001")]
        public sealed class M1 : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id int); CREATE INDEX ix ON t (id)");

            public override void Downgrade(MigrationBuilder m)
            {
                {{downgrade}}
            }
        }
        """;

    [Fact]
    public async Task DropTableWithoutIfExists_IsReported()
    {
        await Verify3002.AnalyzerAsync(
            Migration("m.Sql({|#0:\"DROP TABLE t\"|});"),
            Verify3002.Diagnostic(RuleIds.DropWithoutIfExists).WithLocation(0).WithArguments("0001", "table", "t", "TABLE"));
    }

    [Fact]
    public async Task DropIndexWithoutIfExists_IsReported()
    {
        await Verify3002.AnalyzerAsync(
            Migration("m.Sql({|#0:\"DROP INDEX CONCURRENTLY ix\"|});"),
            Verify3002.Diagnostic(RuleIds.DropWithoutIfExists).WithLocation(0).WithArguments("0001", "index", "ix", "INDEX"));
    }

    [Fact]
    public async Task EachBadDropInOneCall_IsReportedOnce()
    {
        await Verify3002.AnalyzerAsync(
            Migration("m.Sql({|#0:\"DROP INDEX ix; DROP TABLE t, u\"|});"),
            Verify3002.Diagnostic(RuleIds.DropWithoutIfExists).WithLocation(0).WithArguments("0001", "index", "ix", "INDEX"),
            Verify3002.Diagnostic(RuleIds.DropWithoutIfExists).WithLocation(0).WithArguments("0001", "table", "t', 'u", "TABLE"));
    }

    [Theory]
    [InlineData("m.Sql(\"DROP TABLE IF EXISTS t; DROP INDEX IF EXISTS ix\");")]
    [InlineData("if (m.TableExists(\"t\")) m.Sql(\"DROP TABLE t\");")]
    [InlineData("m.Sql(\"DROP VIEW v; SELECT 'DROP TABLE t'\");")]
    public async Task SafeDropsAndNearMisses_AreFine(string downgrade)
    {
        await Verify3002.AnalyzerAsync(Migration(downgrade));
    }

    [Fact]
    public async Task DropInAHelperTakingTheBuilder_IsReported()
    {
        await Verify3002.AnalyzerAsync(
            """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration
            {
                public override void Upgrade(MigrationBuilder m) => Reset(m);

                private static void Reset(MigrationBuilder b) => b.Sql({|#0:"DROP TABLE t"|});
            }
            """,
            Verify3002.Reported(RuleIds.DropWithoutIfExists).WithLocation(0));
    }

    [Fact]
    public async Task Severity_CanBeTurnedOff()
    {
        await Verify3002.AnalyzerAsync(new[] { Migration("m.Sql(\"DROP TABLE t\");") }, "dotnet_diagnostic.MC3002.severity = none");
    }
}
