using MigrationChain.Analyzers.CodeFixes.OnlineSafety;
using MigrationChain.Analyzers.OnlineSafety;
using Verify5003 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.OnlineSafety.ConcurrentlyInTransactionAnalyzer>;

namespace MigrationChain.Analyzers.Tests.OnlineSafety.Fixes;

public class OutsideTransactionCodeFixTests
{
    [Fact]
    public async Task ConcurrentlyInATransaction_TheMigrationLeavesIt()
    {
        var test = new MigrationCodeFixTest<ConcurrentlyInTransactionAnalyzer, OutsideTransactionCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"CREATE INDEX CONCURRENTLY idx_events_kind ON events (kind)"|});
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001", Transactional = false)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE INDEX CONCURRENTLY idx_events_kind ON events (kind)");
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify5003.Reported(RuleIds.ConcurrentlyInTransaction).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_ReplacesAnExplicitTransactionalTrue_InEveryMigration()
    {
        var test = new MigrationCodeFixTest<ConcurrentlyInTransactionAnalyzer, OutsideTransactionCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001", Transactional = true)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"REINDEX INDEX CONCURRENTLY idx_events_kind"|});
                }

                [Migration("0002", Parent = "0001")]
                public sealed class M2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#1:"DROP INDEX CONCURRENTLY IF EXISTS idx_events_old"|});
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001", Transactional = false)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("REINDEX INDEX CONCURRENTLY idx_events_kind");
                }

                [Migration("0002", Parent = "0001", Transactional = false)]
                public sealed class M2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("DROP INDEX CONCURRENTLY IF EXISTS idx_events_old");
                }
                """,
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(Verify5003.Reported(RuleIds.ConcurrentlyInTransaction).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify5003.Reported(RuleIds.ConcurrentlyInTransaction).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
