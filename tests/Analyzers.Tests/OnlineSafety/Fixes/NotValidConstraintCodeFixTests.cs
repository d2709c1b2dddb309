using MigrationChain.Analyzers.CodeFixes.OnlineSafety;
using MigrationChain.Analyzers.OnlineSafety;
using Verify5005 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.OnlineSafety.ConstraintWithoutNotValidAnalyzer>;

namespace MigrationChain.Analyzers.Tests.OnlineSafety.Fixes;

public class NotValidConstraintCodeFixTests
{
    private static string Validation(string revision, string className, string parent, string table, string constraint, string? summaryName = null) => $$"""
        using MigrationChain;

        /// <summary>Validates {{summaryName ?? constraint}}, added NOT VALID by its parent: a scan that lets reads and writes go on.</summary>
        [Migration("{{revision}}", Parent = "{{parent}}", LockTimeoutSeconds = 2)]
        public sealed class {{className}} : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE {{table}} VALIDATE CONSTRAINT {{constraint}}");
            }

            public override void Downgrade(MigrationBuilder m)
            {
                m.Sql("-- nothing to undo: validating a constraint changes no schema");
            }
        }

        """;

    [Fact]
    public async Task ForeignKey_GetsNotValid_AndItsValidationBecomesTheNextMigration()
    {
        var test = new MigrationCodeFixTest<ConstraintWithoutNotValidAnalyzer, NotValidConstraintCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0007_orders_customer_fk", LockTimeoutSeconds = 2)]
                public sealed class M0007 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) =>
                        m.Sql({|#0:"ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)"|});

                    public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders DROP CONSTRAINT IF EXISTS fk_orders_customer");
                }
                """,
            FixedState =
            {
                Sources =
                {
                    """
                    using MigrationChain;

                    [Migration("0007_orders_customer_fk", LockTimeoutSeconds = 2)]
                    public sealed class M0007 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) =>
                            m.Sql("ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID");

                        public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders DROP CONSTRAINT IF EXISTS fk_orders_customer");
                    }
                    """,
                    ("/0/M0008_ValidateFkOrdersCustomer.cs", Validation("0008_validate_fk_orders_customer", "M0008_ValidateFkOrdersCustomer", "0007_orders_customer_fk", "orders", "fk_orders_customer")),
                },
            },
        };
        test.ExpectedDiagnostics.Add(Verify5005.Reported(RuleIds.ConstraintWithoutNotValid).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_ChainsTheValidations_AfterTheHead_SoTheChainKeepsOneHead()
    {
        var test = new MigrationCodeFixTest<ConstraintWithoutNotValidAnalyzer, NotValidConstraintCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001", LockTimeoutSeconds = 2)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE \"public\".\"payments\" ADD CONSTRAINT chk_amount_positive CHECK (amount > 0)"|});
                }

                [Migration("0002", Parent = "0001", LockTimeoutSeconds = 2)]
                public sealed class M2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#1:"ALTER TABLE ONLY invoices ADD CONSTRAINT \"FK_Invoices_Account\" FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE"|});
                }
                """,
            FixedState =
            {
                Sources =
                {
                    """
                    using MigrationChain;

                    [Migration("0001", LockTimeoutSeconds = 2)]
                    public sealed class M1 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE \"public\".\"payments\" ADD CONSTRAINT chk_amount_positive CHECK (amount > 0) NOT VALID");
                    }

                    [Migration("0002", Parent = "0001", LockTimeoutSeconds = 2)]
                    public sealed class M2 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE ONLY invoices ADD CONSTRAINT \"FK_Invoices_Account\" FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE NOT VALID");
                    }
                    """,
                    ("/0/M0003_ValidateChkAmountPositive.cs", Validation("0003_validate_chk_amount_positive", "M0003_ValidateChkAmountPositive", "0002", "\\\"public\\\".\\\"payments\\\"", "chk_amount_positive")),
                    ("/0/M0004_ValidateFkInvoicesAccount.cs", Validation("0004_validate_fk_invoices_account", "M0004_ValidateFkInvoicesAccount", "0003_validate_chk_amount_positive", "ONLY invoices", "\\\"FK_Invoices_Account\\\"", "\"FK_Invoices_Account\"")),
                },
            },
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
            CodeActionValidationMode = Microsoft.CodeAnalysis.Testing.CodeActionValidationMode.None,
        };
        test.ExpectedDiagnostics.Add(Verify5005.Reported(RuleIds.ConstraintWithoutNotValid).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify5005.Reported(RuleIds.ConstraintWithoutNotValid).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task UnnamedConstraint_GetsNoFix_ItsNameIsPostgresChoice()
    {
        const string source = """
            using MigrationChain;

            [Migration("0001", LockTimeoutSeconds = 2)]
            public sealed class M1 : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id)"|});
            }
            """;
        var test = new MigrationCodeFixTest<ConstraintWithoutNotValidAnalyzer, NotValidConstraintCodeFix> { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(Verify5005.Reported(RuleIds.ConstraintWithoutNotValid).WithLocation(0));
        test.FixedState.ExpectedDiagnostics.Add(Verify5005.Reported(RuleIds.ConstraintWithoutNotValid).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
