using MigrationChain.Analyzers.CodeFixes.OnlineSafety;
using MigrationChain.Analyzers.OnlineSafety;
using Verify5001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.OnlineSafety.BlockingIndexChangeAnalyzer>;
using Verify5014 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.OnlineSafety.NoLockTimeoutAnalyzer>;

namespace MigrationChain.Analyzers.Tests.OnlineSafety.Fixes;

/// <summary>
/// <c>migrationchain.sql_dialect = both</c>: the MC5xxx rules apply (production is PostgreSQL), and the fixes write
/// nothing SQLite would reject.
/// </summary>
public class BothDialectsOnlineFixTests
{
    private const string Both = "migrationchain.sql_dialect = both";

    [Fact]
    public async Task BlockingIndex_IsReported_ButConcurrentlyIsNotWritten()
    {
        const string source = """
            using MigrationChain;

            [Migration("0001", LockTimeoutSeconds = 2)]
            public sealed class M1 : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"CREATE INDEX idx_orders_customer ON orders (customer_id)"|});
            }
            """;
        var test = new MigrationCodeFixTest<BlockingIndexChangeAnalyzer, ConcurrentIndexCodeFix> { TestCode = source, FixedCode = source }.WithEditorConfig(Both);
        test.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        test.FixedState.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task LockTimeout_IsTheAttribute_WhichSqliteIgnores()
    {
        var test = new MigrationCodeFixTest<NoLockTimeoutAnalyzer, LockTimeoutCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001", Transactional = false)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active'"|});
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001", Transactional = false, LockTimeoutSeconds = 2)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active'");
                }
                """,
        }.WithEditorConfig(Both);
        test.ExpectedDiagnostics.Add(Verify5014.Reported(RuleIds.NoLockTimeout).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
