using MigrationChain.Analyzers.CodeFixes.Reversibility;
using MigrationChain.Analyzers.Reversibility;
using Verify2001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.Reversibility.MissingDowngradeAnalyzer>;

namespace MigrationChain.Analyzers.Tests.CodeFixes;

public class DowngradeCodeFixTests
{
    [Fact]
    public async Task SimpleUpgrade_GetsADowngradeUndoingItInReverse()
    {
        var test = new MigrationCodeFixTest<MissingDowngradeAnalyzer, DowngradeCodeFix>
        {
            TestCode = """"
                using MigrationChain;

                [Migration("0001")]
                public sealed class {|#0:M1|} : Migration
                {
                    public override void Upgrade(MigrationBuilder builder)
                    {
                        builder.Sql("""
                            CREATE TABLE t (id int);
                            CREATE INDEX ix_t ON t (id);
                            """);
                        builder.Sql("ALTER TABLE t ADD COLUMN name text");
                    }
                }
                """",
            FixedCode = """"
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder builder)
                    {
                        builder.Sql("""
                            CREATE TABLE t (id int);
                            CREATE INDEX ix_t ON t (id);
                            """);
                        builder.Sql("ALTER TABLE t ADD COLUMN name text");
                    }

                    public override void Downgrade(MigrationBuilder builder)
                    {
                        builder.Sql("ALTER TABLE t DROP COLUMN IF EXISTS name");
                        builder.Sql("DROP INDEX IF EXISTS ix_t");
                        builder.Sql("DROP TABLE IF EXISTS t");
                    }
                }
                """",
            CodeActionEquivalenceKey = "MC2001.WriteDowngrade",
        };
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task EmptyDowngrade_IsReplaced_ForSqlite()
    {
        var test = new MigrationCodeFixTest<MissingDowngradeAnalyzer, DowngradeCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE t ADD COLUMN name text");

                    public override void {|#0:Downgrade|}(MigrationBuilder m)
                    {
                    }
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE t ADD COLUMN name text");

                    public override void Downgrade(MigrationBuilder m)
                    {
                        m.Sql("ALTER TABLE t DROP COLUMN name");
                    }
                }
                """,
            CodeActionEquivalenceKey = "MC2001.WriteDowngrade",
        }.WithEditorConfig("migrationchain.sql_dialect = sqlite");
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task UpgradeThatIsNotSimple_CanOnlyBeMarkedIrreversible_AndTheThrowingDowngradeGoes()
    {
        var test = new MigrationCodeFixTest<MissingDowngradeAnalyzer, DowngradeCodeFix>
        {
            TestCode = """
                using MigrationChain;

                namespace Shop
                {
                    [Migration("0001")]
                    public sealed class M1 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql("DELETE FROM audit");

                        public override void {|#0:Downgrade|}(MigrationBuilder m) => throw new System.NotSupportedException();
                    }
                }
                """,
            FixedCode = """
                using MigrationChain;

                namespace Shop
                {
                    [Migration("0001")]
                    [Irreversible("Describe why this migration cannot be undone")]
                    public sealed class M1 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql("DELETE FROM audit");
                    }
                }
                """,
            CodeActionEquivalenceKey = "MC2001.MarkIrreversible",
        };
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_MarksEveryMigration_QualifyingTheNameWhenNotInScope()
    {
        var test = new MigrationCodeFixTest<MissingDowngradeAnalyzer, DowngradeCodeFix>
        {
            TestCode = """
                [MigrationChain.Migration("0001")]
                public sealed class {|#0:M1|} : MigrationChain.Migration
                {
                    public override void Upgrade(MigrationChain.MigrationBuilder m) => m.Sql("CREATE TABLE t (id int)");
                }

                [MigrationChain.Migration("0002", Parent = "0001")]
                public sealed class {|#1:M2|} : MigrationChain.Migration
                {
                    public override void Upgrade(MigrationChain.MigrationBuilder m) => m.Sql("UPDATE t SET id = 1");
                }
                """,
            FixedCode = """
                [MigrationChain.Migration("0001")]
                [global::MigrationChain.Irreversible("Describe why this migration cannot be undone")]
                public sealed class M1 : MigrationChain.Migration
                {
                    public override void Upgrade(MigrationChain.MigrationBuilder m) => m.Sql("CREATE TABLE t (id int)");
                }

                [MigrationChain.Migration("0002", Parent = "0001")]
                [global::MigrationChain.Irreversible("Describe why this migration cannot be undone")]
                public sealed class M2 : MigrationChain.Migration
                {
                    public override void Upgrade(MigrationChain.MigrationBuilder m) => m.Sql("UPDATE t SET id = 1");
                }
                """,
            CodeActionEquivalenceKey = "MC2001.MarkIrreversible",
        };
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_WritesEveryInvertibleDowngrade_AndLeavesTheRest()
    {
        var test = new MigrationCodeFixTest<MissingDowngradeAnalyzer, DowngradeCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class {|#0:M1|} : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id int)");
                }

                [Migration("0002", Parent = "0001")]
                public sealed class {|#1:M2|} : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE INDEX ix_a ON a (id)");
                }

                [Migration("0003", Parent = "0002")]
                public sealed class {|#2:M3|} : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("DELETE FROM a");
                }
                """,
            FixedState =
            {
                Sources =
                {
                    """
                    using MigrationChain;

                    [Migration("0001")]
                    public sealed class M1 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id int)");

                        public override void Downgrade(MigrationBuilder m)
                        {
                            m.Sql("DROP TABLE IF EXISTS a");
                        }
                    }

                    [Migration("0002", Parent = "0001")]
                    public sealed class M2 : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE INDEX ix_a ON a (id)");

                        public override void Downgrade(MigrationBuilder m)
                        {
                            m.Sql("DROP INDEX IF EXISTS ix_a");
                        }
                    }

                    [Migration("0003", Parent = "0002")]
                    public sealed class {|#0:M3|} : Migration
                    {
                        public override void Upgrade(MigrationBuilder m) => m.Sql("DELETE FROM a");
                    }
                    """,
                },
            },
            CodeActionEquivalenceKey = "MC2001.WriteDowngrade",
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(1));
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(2));
        test.FixedState.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
