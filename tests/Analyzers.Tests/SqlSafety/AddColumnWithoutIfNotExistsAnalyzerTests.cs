using Verify3003 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.AddColumnWithoutIfNotExistsAnalyzer>;

namespace MigrationChain.Analyzers.Tests.SqlSafety;

public class AddColumnWithoutIfNotExistsAnalyzerTests
{
    private static string Migration(string upgrade) => $$"""
        using MigrationChain;

        [Migration("0001")]
        public sealed class M1 : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                {{upgrade}}
            }
        }
        """;

    [Theory]
    [InlineData("ALTER TABLE users ADD COLUMN email text")]
    [InlineData("ALTER TABLE users ADD email text")]
    [InlineData("alter table only users add column email text not null default ''")]
    public async Task AddColumnWithoutIfNotExists_IsReported(string sql)
    {
        await Verify3003.AnalyzerAsync(
            Migration($"m.Sql({{|#0:\"{sql}\"|}});"),
            Verify3003.Diagnostic(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0).WithArguments("0001", "email", "users", "Write ADD COLUMN IF NOT EXISTS"));
    }

    [Fact]
    public async Task EveryAddedColumn_IsReportedOnce()
    {
        await Verify3003.AnalyzerAsync(
            Migration("m.Sql({|#0:\"ALTER TABLE users ADD COLUMN a int, ADD COLUMN IF NOT EXISTS b int, ADD c int\"|});"),
            Verify3003.Diagnostic(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0).WithArguments("0001", "a", "users", "Write ADD COLUMN IF NOT EXISTS"),
            Verify3003.Diagnostic(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0).WithArguments("0001", "c", "users", "Write ADD COLUMN IF NOT EXISTS"));
    }

    [Theory]
    [InlineData("m.Sql(\"ALTER TABLE users ADD COLUMN IF NOT EXISTS email text\");")]
    [InlineData("m.Sql(\"ALTER TABLE users ADD CONSTRAINT pk PRIMARY KEY (id)\");")]
    [InlineData("if (!m.ColumnExists(\"users\", \"email\")) m.Sql(\"ALTER TABLE users ADD COLUMN email text\");")]
    [InlineData("m.Sql(\"CREATE TABLE users (email text)\");")]
    public async Task SafeOrDifferentStatements_AreFine(string upgrade)
    {
        await Verify3003.AnalyzerAsync(Migration(upgrade));
    }

    [Theory]
    [InlineData("m.Sql(\"CREATE TABLE coupons (id bigint); ALTER TABLE coupons ADD COLUMN code text\");")]
    [InlineData("m.Sql(\"CREATE TABLE public.coupons (id bigint)\");\n        m.Sql(\"ALTER TABLE \\\"coupons\\\" ADD owner_id bigint\");")]
    public async Task ColumnOfATableCreatedEarlierInTheMethod_CannotExistYet(string upgrade)
    {
        await Verify3003.AnalyzerAsync(Migration(upgrade));
    }

    [Theory]
    [InlineData("m.Sql({|#0:\"CREATE TABLE IF NOT EXISTS coupons (id bigint); ALTER TABLE coupons ADD COLUMN code text\"|});")]
    [InlineData("m.Sql({|#0:\"ALTER TABLE coupons ADD COLUMN code text; CREATE TABLE coupons (id bigint)\"|});")]
    [InlineData("m.Sql({|#0:\"CREATE TABLE other (id bigint); ALTER TABLE coupons ADD COLUMN code text\"|});")]
    public async Task TableThatMayAlreadyExist_StillNeedsTheClause(string upgrade)
    {
        // CREATE TABLE IF NOT EXISTS may have found an older table, which may have the column; a later CREATE or
        // another table's CREATE says nothing about it.
        await Verify3003.AnalyzerAsync(Migration(upgrade), Verify3003.Reported(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0));
    }

    [Fact]
    public async Task GuardForAnotherColumn_DoesNotCount()
    {
        await Verify3003.AnalyzerAsync(
            Migration("if (!m.ColumnExists(\"users\", \"name\")) m.Sql({|#0:\"ALTER TABLE users ADD COLUMN email text\"|});"),
            Verify3003.Reported(RuleIds.AddColumnWithoutIfNotExists).WithLocation(0));
    }

    [Fact]
    public async Task Sqlite_HasNoSuchClause_SoNothingIsReported()
    {
        await Verify3003.AnalyzerAsync(new[] { Migration("m.Sql(\"ALTER TABLE users ADD COLUMN email text\");") }, "migrationchain.sql_dialect = sqlite");
    }
}
