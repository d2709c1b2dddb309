using MigrationChain.Analyzers.CodeFixes.SqlSafety;
using MigrationChain.Analyzers.SqlSafety;
using Verify3001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.UnguardedAlterAnalyzer>;
using Verify3002 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.DropWithoutIfExistsAnalyzer>;
using Verify3003 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.AddColumnWithoutIfNotExistsAnalyzer>;

namespace MigrationChain.Analyzers.Tests.CodeFixes;

public class ExistenceClauseCodeFixTests
{
    [Fact]
    public async Task UnguardedAlter_GetsIfExists_OnPostgres()
    {
        var test = new MigrationCodeFixTest<UnguardedAlterAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE embeddings ALTER COLUMN vec TYPE vector(1536)"|});
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE IF EXISTS embeddings ALTER COLUMN vec TYPE vector(1536)");
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_LandsEveryClauseInOneRawLiteral_KeepingItsLayout()
    {
        var test = new MigrationCodeFixTest<UnguardedAlterAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = """"
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m)
                    {
                        m.Sql({|#0:"""
                            -- two tables another service owns
                            ALTER TABLE a ADD COLUMN x int;

                            ALTER TABLE "B" ADD COLUMN y int;
                            """|});
                        m.Sql({|#1:@"ALTER TABLE c ADD z int"|});
                    }
                }
                """",
            FixedCode = """"
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m)
                    {
                        m.Sql("""
                            -- two tables another service owns
                            ALTER TABLE IF EXISTS a ADD COLUMN x int;

                            ALTER TABLE IF EXISTS "B" ADD COLUMN y int;
                            """);
                        m.Sql(@"ALTER TABLE IF EXISTS c ADD z int");
                    }
                }
                """",
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task UnguardedAlter_OnSqlite_IsWrappedInATableExistsGuard()
    {
        var test = new MigrationCodeFixTest<UnguardedAlterAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE embeddings ADD COLUMN model text"|});

                    public override void Downgrade(MigrationBuilder db)
                    {
                        db.Sql("SELECT 1");
                        db.Sql({|#1:"ALTER TABLE embeddings DROP COLUMN model"|});
                    }
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m)
                    {
                        if (m.TableExists("embeddings"))
                        {
                            m.Sql("ALTER TABLE embeddings ADD COLUMN model text");
                        }
                    }

                    public override void Downgrade(MigrationBuilder db)
                    {
                        db.Sql("SELECT 1");
                        if (db.TableExists("embeddings"))
                        {
                            db.Sql("ALTER TABLE embeddings DROP COLUMN model");
                        }
                    }
                }
                """,
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        }.WithEditorConfig("migrationchain.sql_dialect = sqlite");
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SqlFromAConstant_IsGuardedInstead()
    {
        var test = new MigrationCodeFixTest<UnguardedAlterAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    private const string Sql = "ALTER TABLE t ADD COLUMN c int";

                    public override void Upgrade(MigrationBuilder m)
                    {
                        m.Sql({|#0:Sql|});
                    }
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    private const string Sql = "ALTER TABLE t ADD COLUMN c int";

                    public override void Upgrade(MigrationBuilder m)
                    {
                        if (m.TableExists("t"))
                        {
                            m.Sql(Sql);
                        }
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_AddsIfExistsToEveryDrop_InOneLiteral()
    {
        var test = new MigrationCodeFixTest<DropWithoutIfExistsAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id int)");

                    public override void Downgrade(MigrationBuilder m) => m.Sql({|#0:"DROP INDEX CONCURRENTLY ix;\nDROP TABLE \"t\" CASCADE;"|});
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id int)");

                    public override void Downgrade(MigrationBuilder m) => m.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix;\nDROP TABLE IF EXISTS \"t\" CASCADE;");
                }
                """,
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(Verify3002.Reported(RuleIds.DropWithoutIfExists).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify3002.Reported(RuleIds.DropWithoutIfExists).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AddColumn_GetsIfNotExists()
    {
        var test = new MigrationCodeFixTest<AddColumnWithoutIfNotExistsAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE users ADD email text, ADD COLUMN name text"|});
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users ADD IF NOT EXISTS email text, ADD COLUMN IF NOT EXISTS name text");
                }
                """,
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(Verify3003.Reported(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify3003.Reported(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AddColumnInAConstant_IsGuardedOnTheColumn()
    {
        var test = new MigrationCodeFixTest<AddColumnWithoutIfNotExistsAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    private const string AddEmail = "ALTER TABLE users ADD COLUMN email text";

                    public override void Upgrade(MigrationBuilder m)
                    {
                        m.Sql({|#0:AddEmail|});
                    }
                }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    private const string AddEmail = "ALTER TABLE users ADD COLUMN email text";

                    public override void Upgrade(MigrationBuilder m)
                    {
                        if (!m.ColumnExists("users", "email"))
                        {
                            m.Sql(AddEmail);
                        }
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify3003.Reported(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
