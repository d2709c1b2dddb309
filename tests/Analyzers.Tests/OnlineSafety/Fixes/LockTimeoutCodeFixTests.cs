using MigrationChain.Analyzers.CodeFixes.OnlineSafety;
using MigrationChain.Analyzers.OnlineSafety;
using Verify5014 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.OnlineSafety.NoLockTimeoutAnalyzer>;

namespace MigrationChain.Analyzers.Tests.OnlineSafety.Fixes;

public class LockTimeoutCodeFixTests
{
    [Fact]
    public async Task BlockingDdlWithoutLockTimeout_GetsTheAttribute_AndFixAllCoversEveryMigration()
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

                [Migration("0002", Parent = "0001", Transactional = false, StatementTimeoutSeconds = 30)]
                public sealed class M2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#1:"ALTER TABLE users ALTER COLUMN phone DROP NOT NULL"|});
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001", Transactional = false, LockTimeoutSeconds = 2)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active'");
                }

                [Migration("0002", Parent = "0001", Transactional = false, StatementTimeoutSeconds = 30, LockTimeoutSeconds = 2)]
                public sealed class M2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users ALTER COLUMN phone DROP NOT NULL");
                }
                """,
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(Verify5014.Reported(RuleIds.NoLockTimeout).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify5014.Reported(RuleIds.NoLockTimeout).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
