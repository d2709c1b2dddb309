using MigrationChain.Analyzers.CodeFixes.OnlineSafety;
using MigrationChain.Analyzers.OnlineSafety;
using Verify5001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.OnlineSafety.BlockingIndexChangeAnalyzer>;

namespace MigrationChain.Analyzers.Tests.OnlineSafety.Fixes;

public class ConcurrentIndexCodeFixTests
{
    [Fact]
    public async Task CreateIndex_GetsConcurrently_AndTheMigrationLeavesItsTransaction()
    {
        var test = new MigrationCodeFixTest<BlockingIndexChangeAnalyzer, ConcurrentIndexCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"CREATE INDEX idx_orders_customer ON orders (customer_id)"|});
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001", Transactional = false)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id)");
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_FixesEveryMigration_KeepingTheLiteralsKindAndOtherArguments()
    {
        var test = new MigrationCodeFixTest<BlockingIndexChangeAnalyzer, ConcurrentIndexCodeFix>
        {
            TestCode = """"
                using MigrationChain;

                [Migration("0001", LockTimeoutSeconds = 2)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"""
                        -- looked up by every checkout
                        CREATE UNIQUE INDEX IF NOT EXISTS "IX_Carts_Token" ON app."Carts" ("Token")
                        """|});

                    public override void Downgrade(MigrationBuilder m) => m.Sql(@"DROP INDEX IF EXISTS app.""IX_Carts_Token""");
                }

                [Migration("0002", Parent = "0001", Transactional = true)]
                public sealed class M2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#1:@"CREATE INDEX idx_carts_created ON app.""Carts"" (created_at)"|});

                    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP INDEX IF EXISTS app.idx_carts_created");
                }
                """",
            FixedCode = """"
                using MigrationChain;

                [Migration("0001", LockTimeoutSeconds = 2, Transactional = false)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("""
                        -- looked up by every checkout
                        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "IX_Carts_Token" ON app."Carts" ("Token")
                        """);

                    public override void Downgrade(MigrationBuilder m) => m.Sql(@"DROP INDEX IF EXISTS app.""IX_Carts_Token""");
                }

                [Migration("0002", Parent = "0001", Transactional = false)]
                public sealed class M2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql(@"CREATE INDEX CONCURRENTLY idx_carts_created ON app.""Carts"" (created_at)");

                    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP INDEX IF EXISTS app.idx_carts_created");
                }
                """",
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(1));

        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("DROP INDEX IF EXISTS idx_orders_legacy", "DROP INDEX CONCURRENTLY IF EXISTS idx_orders_legacy")]
    [InlineData("REINDEX INDEX idx_orders_customer", "REINDEX INDEX CONCURRENTLY idx_orders_customer")]
    [InlineData("reindex table orders", "reindex table CONCURRENTLY orders")]
    [InlineData("ALTER TABLE measurements DETACH PARTITION measurements_2024", "ALTER TABLE measurements DETACH PARTITION measurements_2024 CONCURRENTLY")]
    public async Task EveryBlockingIndexForm_GetsConcurrentlyWherePostgresWantsIt(string sql, string fixedSql)
    {
        var test = new MigrationCodeFixTest<BlockingIndexChangeAnalyzer, ConcurrentIndexCodeFix>
        {
            TestCode = $$"""
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"{{sql}}"|});
                }
                """,
            FixedCode = $$"""
                using MigrationChain;

                [Migration("0001", Transactional = false)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("{{fixedSql}}");
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MigrationWithAnotherStatement_IsNotMadeNonTransactional()
    {
        // Outside a transaction a failure between the two statements would leave the migration half done (MC5004).
        const string source = """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration
            {
                public override void Upgrade(MigrationBuilder m)
                {
                    m.Sql("UPDATE orders SET region = 'eu' WHERE region IS NULL AND id < 100");
                    m.Sql({|#0:"CREATE INDEX idx_orders_region ON orders (region)"|});
                }
            }
            """;
        var test = new MigrationCodeFixTest<BlockingIndexChangeAnalyzer, ConcurrentIndexCodeFix> { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        test.FixedState.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
