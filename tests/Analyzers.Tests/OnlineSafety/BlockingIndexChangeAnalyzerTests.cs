using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MigrationChain.Analyzers.OnlineSafety;
using static MigrationChain.Analyzers.Tests.OnlineSafety.OnlineSafetyTest;
using Verify5001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.OnlineSafety.BlockingIndexChangeAnalyzer>;

namespace MigrationChain.Analyzers.Tests.OnlineSafety;

/// <summary>MC5001, and through it the chain judgement every MC5xxx rule shares: which tables production already has.</summary>
public class BlockingIndexChangeAnalyzerTests
{
    private static Task RunAsync(string source, string? lockText = null, params DiagnosticResult[] expected) =>
        RunAsync<BlockingIndexChangeAnalyzer>(source, lockText, expected);

    [Theory]
    [InlineData("m.Sql({|#0:\"CREATE INDEX orders_total_idx ON orders (total)\"|});")]
    [InlineData("m.Sql({|#0:\"CREATE UNIQUE INDEX IF NOT EXISTS orders_total_idx ON public.orders (total)\"|});")]
    [InlineData("m.Sql({|#0:\"create index on \\\"Orders\\\" (total)\"|});")]
    [InlineData("m.Sql({|#0:\"DROP INDEX IF EXISTS orders_total_idx\"|});")]
    [InlineData("m.Sql({|#0:\"REINDEX TABLE orders\"|});")]
    [InlineData("m.Sql({|#0:\"REINDEX INDEX orders_pkey\"|});")]
    [InlineData("m.Sql({|#0:\"ALTER TABLE orders DETACH PARTITION orders_2020\"|});")]
    [InlineData("m.Sql({|#0:\"-- a comment; CREATE INDEX CONCURRENTLY x ON orders (id)\\nSELECT 1; /* ; */ CREATE INDEX a ON orders (id)\"|});")]
    public async Task BlockingIndexChangeOnAnExistingTable_IsReported(string upgrade)
    {
        await RunAsync(Migrations(upgrade), expected: Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
    }

    [Theory]
    [InlineData("m.Sql(\"CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total)\");")]
    [InlineData("m.Sql(\"DROP INDEX CONCURRENTLY IF EXISTS orders_total_idx\");")]
    [InlineData("m.Sql(\"REINDEX TABLE CONCURRENTLY orders\");")]
    [InlineData("m.Sql(\"ALTER TABLE orders DETACH PARTITION orders_2020 CONCURRENTLY\");")]
    [InlineData("m.Sql(\"SELECT 'CREATE INDEX a ON orders (id)' -- CREATE INDEX b ON orders (id)\");")]
    [InlineData("m.Sql(\"CREATE TABLE items (id int); CREATE INDEX items_id ON items (id)\");")]
    [InlineData("m.Sql(\"CREATE TABLE s.\\\"Items\\\" (id int)\"); m.Sql(\"CREATE INDEX items_id ON S.items (id)\");")]
    [InlineData("m.Sql(\"CREATE TABLE items (id int)\"); m.Sql(\"ALTER TABLE items RENAME TO goods\"); m.Sql(\"CREATE INDEX g ON goods (id)\");")]
    [InlineData("m.Sql(\"CREATE INDEX i ON orders (id)\".ToUpperInvariant());")]
    [InlineData("m.Sql(string.Concat(\"CREATE INDEX i ON \", System.Environment.GetEnvironmentVariable(\"T\")));")]
    [InlineData("m.Sql(\"CREATE INDEX i ON fresh (id); DROP INDEX i\");")]
    public async Task ConcurrentNewOrUnreadable_IsNotReported(string upgrade)
    {
        await RunAsync(Migrations(upgrade, ", Transactional = false"), LockReleasing("0001"));
    }

    [Fact]
    public async Task TableCreatedByAnUnreleasedAncestor_IsNew_AndByAReleasedOne_IsExisting()
    {
        var source = Migrations("m.Sql({|#0:\"CREATE INDEX fresh_id ON fresh (id)\"|});");

        await RunAsync(source.Replace("{|#0:", string.Empty, StringComparison.Ordinal).Replace("\"|}", "\"", StringComparison.Ordinal), LockReleasing("0001"));
        await RunAsync(source, LockReleasing("0002"), Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
    }

    [Fact]
    public async Task WithoutAReleaseBoundary_OnlyTheSameMigrationMakesATableNew()
    {
        await RunAsync(Migrations("m.Sql({|#0:\"CREATE INDEX fresh_id ON fresh (id)\"|});"), lockText: null, Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
    }

    [Fact]
    public async Task ReleasedTableRenamedByAnUnreleasedAncestor_IsStillExisting()
    {
        var extra = """
            [Migration("0004", Parent = "0003")]
            public sealed class M4 : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"CREATE INDEX purchases_id ON purchases (id)"|});
            }
            """;
        var lockText = LockReleasing("0001").Replace("heads 0003", "0004 0003 src:0\nheads 0004", StringComparison.Ordinal);

        await RunAsync(Migrations("m.Sql(\"ALTER TABLE orders RENAME TO purchases\");", extra: extra), lockText, Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        await RunAsync(Migrations("m.Sql(\"ALTER TABLE fresh RENAME TO purchases\");", extra: extra.Replace("{|#0:", string.Empty, StringComparison.Ordinal).Replace("\"|}", "\"", StringComparison.Ordinal)), lockText);
    }

    [Fact]
    public async Task Properties_SayWhereConcurrentlyGoes_InTheLiteral()
    {
        var test = new MigrationAnalyzerTest<BlockingIndexChangeAnalyzer>();
        test.TestState.Sources.Add(Migrations("m.Sql({|#0:\"SET lock_timeout = '2s'; CREATE INDEX i ON orders (id)\"|});"));
        test.ExpectedDiagnostics.Add(Verify5001.Reported(RuleIds.BlockingIndexChange).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);

        var diagnostic = await SingleAsync(Migrations("m.Sql(\"SET lock_timeout = '2s'; CREATE INDEX i ON orders (id)\");"));
        const string sql = "SET lock_timeout = '2s'; CREATE INDEX i ON orders (id)";
        var offset = int.Parse(diagnostic.Properties[DiagnosticProperties.SqlOffset]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("SET lock_timeout = '2s'; CREATE INDEX CONCURRENTLY i ON orders (id)", sql.Insert(offset, diagnostic.Properties[DiagnosticProperties.SqlInsert]!));
        Assert.Equal(sql.IndexOf("CREATE", StringComparison.Ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture), diagnostic.Properties[DiagnosticProperties.StatementStart]);
        Assert.Equal("true", diagnostic.Properties[DiagnosticProperties.Transactional]);
        Assert.Equal("ShareLock", diagnostic.Properties[DiagnosticProperties.LockMode]);
        Assert.Equal("orders", diagnostic.Properties[DiagnosticProperties.Table]);
        Assert.Equal("0003", diagnostic.Properties[DiagnosticProperties.Revision]);
        Assert.Equal("false", diagnostic.Properties[DiagnosticProperties.SingleStatement]);
        Assert.Contains("takes SHARE on 'orders', which blocks every write (INSERT, UPDATE, DELETE)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqliteDialect_TurnsTheRuleOff()
    {
        await RunAsync<BlockingIndexChangeAnalyzer>(Migrations("m.Sql(\"CREATE INDEX i ON orders (id)\");"), null, "migrationchain.sql_dialect = sqlite\n");
    }

    [Fact]
    public async Task AcknowledgeLockWithAReason_Silences_AnEmptyReasonDoesNot()
    {
        await RunAsync(Migrations("m.Sql(\"CREATE INDEX i ON orders (id)\");", classAttributes: "[AcknowledgeLock(\"orders has 40 rows\")]"));
        var diagnostic = await SingleAsync(Migrations("m.Sql(\"CREATE INDEX i ON orders (id)\");", classAttributes: "[AcknowledgeLock(\" \")]"));
        Assert.Contains("empty reason", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    internal static async Task<Diagnostic> SingleAsync(string source, string? lockText = null, string id = RuleIds.BlockingIndexChange)
    {
        var compilation = Compilations.Create("App", new[] { source });
        var (diagnostics, exceptions) = await Analysis.RunAsync(compilation, Analysis.All, lockText: lockText);
        Assert.Empty(exceptions);
        return Assert.Single(diagnostics, d => d.Id == id);
    }
}
