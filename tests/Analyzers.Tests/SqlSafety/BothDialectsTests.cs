using MigrationChain.Analyzers.CodeFixes.Reversibility;
using MigrationChain.Analyzers.CodeFixes.SqlSafety;
using MigrationChain.Analyzers.Reversibility;
using MigrationChain.Analyzers.SqlSafety;
using Verify2001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.Reversibility.MissingDowngradeAnalyzer>;
using Verify3001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.UnguardedAlterAnalyzer>;
using Verify3002 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.DropWithoutIfExistsAnalyzer>;
using Verify3003 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.AddColumnWithoutIfNotExistsAnalyzer>;

namespace MigrationChain.Analyzers.Tests.SqlSafety;

/// <summary>
/// <c>migrationchain.sql_dialect = both</c>: SQLite in development, PostgreSQL in production. The hazards are
/// PostgreSQL's, the advice and the fixes only what both engines accept (SQLite 3.40 rejects ALTER TABLE IF EXISTS,
/// ADD COLUMN IF NOT EXISTS and DROP COLUMN IF EXISTS; both accept DROP TABLE/INDEX IF EXISTS).
/// </summary>
public class BothDialectsTests
{
    private const string Both = "migrationchain.sql_dialect = both";

    private static string Migration(string upgrade, string revision = "0001", string className = "M1") => $$"""
        using MigrationChain;

        [Migration("{{revision}}")]
        public sealed class {{className}} : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                {{upgrade}}
            }
        }
        """;

    [Fact]
    public async Task AddColumn_IsStillReported_ButTheAdviceIsTheGuard()
    {
        await Verify3003.AnalyzerAsync(
            new[] { Migration("m.Sql({|#0:\"ALTER TABLE users ADD COLUMN email text\"|});") },
            Both,
            Verify3003.Diagnostic(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0).WithArguments(
                "0001",
                "email",
                "users",
                "SQLite rejects ADD COLUMN IF NOT EXISTS: guard the call with if (!m.ColumnExists(\"users\", \"email\"))"));
    }

    [Fact]
    public async Task AddColumn_Fix_WritesTheColumnGuard_NotTheClause()
    {
        var test = new MigrationCodeFixTest<AddColumnWithoutIfNotExistsAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = Migration("m.Sql({|#0:\"ALTER TABLE users ADD COLUMN email text\"|});"),
            FixedCode = Migration("""
                if (!m.ColumnExists("users", "email"))
                        {
                            m.Sql("ALTER TABLE users ADD COLUMN email text");
                        }
                """),
        }.WithEditorConfig(Both);
        test.ExpectedDiagnostics.Add(Verify3003.Reported(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task UnguardedAlter_AdvisesAndWritesTheTableGuard()
    {
        await Verify3001.AnalyzerAsync(
            new[] { Migration("m.Sql({|#0:\"ALTER TABLE embeddings ADD x int\"|});") },
            Both,
            Verify3001.Diagnostic(RuleIds.UnguardedAlter).WithLocation(0).WithArguments(
                "0001",
                "embeddings",
                "is not created by this migration or any migration before it",
                "SQLite has no ALTER TABLE IF EXISTS: guard the call with if (m.TableExists(\"embeddings\"))"));

        var test = new MigrationCodeFixTest<UnguardedAlterAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = Migration("m.Sql({|#0:\"ALTER TABLE embeddings ADD x int\"|});"),
            FixedCode = Migration("""
                if (m.TableExists("embeddings"))
                        {
                            m.Sql("ALTER TABLE embeddings ADD x int");
                        }
                """),
        }.WithEditorConfig(Both);
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Drop_KeepsTheClause_WhichBothEnginesAccept()
    {
        var test = new MigrationCodeFixTest<DropWithoutIfExistsAnalyzer, ExistenceClauseCodeFix>
        {
            TestCode = Migration("m.Sql({|#0:\"DROP TABLE legacy_sessions; DROP INDEX ix_users_email\"|});"),
            FixedCode = Migration("m.Sql(\"DROP TABLE IF EXISTS legacy_sessions; DROP INDEX IF EXISTS ix_users_email\");"),
            NumberOfIncrementalIterations = 2,
        }.WithEditorConfig(Both);
        test.ExpectedDiagnostics.Add(Verify3002.Reported(RuleIds.DropWithoutIfExists).WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify3002.Reported(RuleIds.DropWithoutIfExists).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DowngradeFix_DropsTheColumnWithoutIfExists()
    {
        const string upgrade = "public override void Upgrade(MigrationBuilder m) => m.Sql(\"ALTER TABLE t ADD COLUMN name text; CREATE INDEX IF NOT EXISTS ix_t_name ON t (name)\");";
        var test = new MigrationCodeFixTest<MissingDowngradeAnalyzer, DowngradeCodeFix>
        {
            TestCode = $$"""
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    {{upgrade}}

                    public override void {|#0:Downgrade|}(MigrationBuilder m)
                    {
                    }
                }
                """,
            FixedCode = $$"""
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration
                {
                    {{upgrade}}

                    public override void Downgrade(MigrationBuilder m)
                    {
                        m.Sql("DROP INDEX IF EXISTS ix_t_name");
                        m.Sql("ALTER TABLE t DROP COLUMN name");
                    }
                }
                """,
            CodeActionEquivalenceKey = "MC2001.WriteDowngrade",
        }.WithEditorConfig(Both);
        test.ExpectedDiagnostics.Add(Verify2001.Reported(RuleIds.MissingDowngrade).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AFileSection_OverridesTheProjectDialect_ForThatMigrationOnly()
    {
        // The option is read per syntax tree: a section naming one migration file sets that migration's dialect.
        const string config = Both + "\n\n[/0/Test1.cs]\nmigrationchain.sql_dialect = postgres\n\n[/0/Test2.cs]\nmigrationchain.sql_dialect = sqlite\n";
        await Verify3003.AnalyzerAsync(
            new[]
            {
                Migration("m.Sql({|#0:\"ALTER TABLE users ADD COLUMN email text\"|});", "0001", "M1"),
                Migration("m.Sql({|#1:\"ALTER TABLE users ADD COLUMN email text\"|});", "0002", "M2"),
                Migration("m.Sql(\"ALTER TABLE users ADD COLUMN email text\");", "0003", "M3"),
            },
            config,
            Verify3003.Diagnostic(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0).WithArguments(
                "0001", "email", "users", "SQLite rejects ADD COLUMN IF NOT EXISTS: guard the call with if (!m.ColumnExists(\"users\", \"email\"))"),
            Verify3003.Diagnostic(RuleIds.AddColumnWithoutIfNotExists).WithLocation(1).WithArguments(
                "0002", "email", "users", "Write ADD COLUMN IF NOT EXISTS"));
    }

    [Theory]
    [InlineData("both", "both")]
    [InlineData(" Both ", "both")]
    [InlineData("sqlite", "sqlite")]
    [InlineData("postgres", "postgres")]
    [InlineData("mysql", "postgres")]
    public void TheSettingIsReadCaseInsensitively_AndUnknownMeansPostgres(string value, string expected)
    {
        var target = Configuration.SqlDialectSetting.ParseTarget(value);
        Assert.Equal(expected, Configuration.SqlDialectSetting.Name(target));
    }
}
