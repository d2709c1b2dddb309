using MigrationChain.Analyzers.CodeFixes.OnlineSafety;
using MigrationChain.Analyzers.OnlineSafety;
using Verify5008 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.OnlineSafety.SetNotNullScanAnalyzer>;

namespace MigrationChain.Analyzers.Tests.OnlineSafety.Fixes;

public class SetNotNullRecipeCodeFixTests
{
    private const string Validate = """
        using MigrationChain;

        /// <summary>Validates users_email_not_null: a scan that lets reads and writes go on, so SET NOT NULL can skip its own.</summary>
        [Migration("0002_validate_users_email_not_null", Parent = "0001_users_email_required", LockTimeoutSeconds = 2)]
        public sealed class M0002_ValidateUsersEmailNotNull : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null");
            }

            public override void Downgrade(MigrationBuilder m)
            {
                m.Sql("-- nothing to undo: validating a constraint changes no schema");
            }
        }

        """;

    private const string SetNotNull = """
        using MigrationChain;

        /// <summary>Sets email NOT NULL without a scan (the validated users_email_not_null proves it) and drops the check.</summary>
        [Migration("0003_set_users_email_not_null", Parent = "0002_validate_users_email_not_null", LockTimeoutSeconds = 2)]
        public sealed class M0003_SetUsersEmailNotNull : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE users ALTER COLUMN email SET NOT NULL");
                m.Sql("ALTER TABLE users DROP CONSTRAINT users_email_not_null");
            }

            public override void Downgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID");
                m.Sql("ALTER TABLE users ALTER COLUMN email DROP NOT NULL");
            }
        }

        """;

    // The files the fix writes, for a table and column as they appear in C# source (sourceColumn) and in a doc comment (column).
    private static string ValidateFile(string revision, string className, string parent, string table, string check) => $$"""
        using MigrationChain;

        /// <summary>Validates {{check}}: a scan that lets reads and writes go on, so SET NOT NULL can skip its own.</summary>
        [Migration("{{revision}}", Parent = "{{parent}}", LockTimeoutSeconds = 2)]
        public sealed class {{className}} : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE {{table}} VALIDATE CONSTRAINT {{check}}");
            }

            public override void Downgrade(MigrationBuilder m)
            {
                m.Sql("-- nothing to undo: validating a constraint changes no schema");
            }
        }

        """;

    private static string SetFile(string revision, string className, string parent, string table, string sourceColumn, string column, string check) => $$"""
        using MigrationChain;

        /// <summary>Sets {{column}} NOT NULL without a scan (the validated {{check}} proves it) and drops the check.</summary>
        [Migration("{{revision}}", Parent = "{{parent}}", LockTimeoutSeconds = 2)]
        public sealed class {{className}} : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE {{table}} ALTER COLUMN {{sourceColumn}} SET NOT NULL");
                m.Sql("ALTER TABLE {{table}} DROP CONSTRAINT {{check}}");
            }

            public override void Downgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE {{table}} ADD CONSTRAINT {{check}} CHECK ({{sourceColumn}} IS NOT NULL) NOT VALID");
                m.Sql("ALTER TABLE {{table}} ALTER COLUMN {{sourceColumn}} DROP NOT NULL");
            }
        }

        """;

    [Fact]
    public async Task SetNotNull_BecomesACheck_ItsValidation_ThenSetNotNullWithoutAScan()
    {
        // The analyzer runs on the fixed project too: SET NOT NULL in the last step is not reported, because the
        // validated CHECK of an ancestor proves the column has no NULL.
        var test = new MigrationCodeFixTest<SetNotNullScanAnalyzer, SetNotNullRecipeCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001_users_email_required", LockTimeoutSeconds = 2)]
                public sealed class M0001 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE users ALTER COLUMN email SET NOT NULL"|});
                }
                """,
            FixedState =
            {
                Sources =
                {
                    """
                    using MigrationChain;

                    [Migration("0001_users_email_required", LockTimeoutSeconds = 2)]
                    public sealed class M0001 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID");
                    }
                    """,
                    ("/0/M0002_ValidateUsersEmailNotNull.cs", Validate),
                    ("/0/M0003_SetUsersEmailNotNull.cs", SetNotNull),
                },
            },
        };
        test.ExpectedDiagnostics.Add(Verify5008.Reported(RuleIds.SetNotNullScan).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_WritesEachRecipeAfterThePreviousOne_SoTheChainKeepsOneHead()
    {
        var test = new MigrationCodeFixTest<SetNotNullScanAnalyzer, SetNotNullRecipeCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001", LockTimeoutSeconds = 2)]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE users ALTER COLUMN email SET NOT NULL"|});
                }

                [Migration("0002", Parent = "0001", LockTimeoutSeconds = 2)]
                public sealed class M2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#1:@"ALTER TABLE app.""Orders"" ALTER ""PlacedAt"" SET NOT NULL"|});
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
                        public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID");
                    }

                    [Migration("0002", Parent = "0001", LockTimeoutSeconds = 2)]
                    public sealed class M2 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql(@"ALTER TABLE app.""Orders"" ADD CONSTRAINT orders_placedat_not_null CHECK (""PlacedAt"" IS NOT NULL) NOT VALID");
                    }
                    """,
                    ("/0/M0003_ValidateUsersEmailNotNull.cs", ValidateFile("0003_validate_users_email_not_null", "M0003_ValidateUsersEmailNotNull", "0002", "users", "users_email_not_null")),
                    ("/0/M0004_SetUsersEmailNotNull.cs", SetFile("0004_set_users_email_not_null", "M0004_SetUsersEmailNotNull", "0003_validate_users_email_not_null", "users", "email", "email", "users_email_not_null")),
                    ("/0/M0005_ValidateOrdersPlacedatNotNull.cs", ValidateFile("0005_validate_orders_placedat_not_null", "M0005_ValidateOrdersPlacedatNotNull", "0004_set_users_email_not_null", "app.\\\"Orders\\\"", "orders_placedat_not_null")),
                    ("/0/M0006_SetOrdersPlacedatNotNull.cs", SetFile("0006_set_orders_placedat_not_null", "M0006_SetOrdersPlacedatNotNull", "0005_validate_orders_placedat_not_null", "app.\\\"Orders\\\"", "\\\"PlacedAt\\\"", "\"PlacedAt\"", "orders_placedat_not_null")),
                },
            },
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
            CodeActionValidationMode = Microsoft.CodeAnalysis.Testing.CodeActionValidationMode.None,
        };
        test.ExpectedDiagnostics.Add(Verify5008.Reported(RuleIds.SetNotNullScan).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify5008.Reported(RuleIds.SetNotNullScan).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SetNotNullAmongOtherActions_GetsNoFix()
    {
        const string source = """
            using MigrationChain;

            [Migration("0001", LockTimeoutSeconds = 2)]
            public sealed class M1 : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN name SET DEFAULT ''"|});
            }
            """;
        var test = new MigrationCodeFixTest<SetNotNullScanAnalyzer, SetNotNullRecipeCodeFix> { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(Verify5008.Reported(RuleIds.SetNotNullScan).WithLocation(0));
        test.FixedState.ExpectedDiagnostics.Add(Verify5008.Reported(RuleIds.SetNotNullScan).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
