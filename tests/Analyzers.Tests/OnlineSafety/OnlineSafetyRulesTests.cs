using Microsoft.CodeAnalysis;
using static MigrationChain.Analyzers.Tests.OnlineSafety.OnlineSafetyTest;

namespace MigrationChain.Analyzers.Tests.OnlineSafety;

/// <summary>
/// Every MC5xxx hazard fires and does not fire, with its near misses, run through all the analyzers at once: the
/// exact set of MC5xxx ids a migration gets is the assertion, so a rule that fires where another should (or as well)
/// fails too. 0001 creates <c>orders</c> (released), 0002 creates <c>fresh</c> (not released), 0003 is under test;
/// a lock timeout is set unless the case is about MC5014.
/// </summary>
public class OnlineSafetyRulesTests
{
    private const string Timeout = ", LockTimeoutSeconds = 5";

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // MC5002
        { "VACUUM FULL orders", Timeout, "", "MC5002" },
        { "VACUUM (FULL, ANALYZE) public.orders", Timeout, "", "MC5002" },
        { "CLUSTER orders USING orders_pkey", Timeout, "", "MC5002" },
        { "VACUUM FULL", Timeout, "", "MC5002" },
        { "VACUUM (ANALYZE) orders", Timeout, "", "" },
        { "VACUUM FULL fresh", Timeout, "", "" },

        // MC5003 / MC5004
        { "CREATE INDEX CONCURRENTLY i ON orders (id)", Timeout, "", "MC5003" },
        { "DROP INDEX CONCURRENTLY IF EXISTS i", "", "", "MC5003" },
        { "CREATE INDEX CONCURRENTLY i ON orders (id)", ", Transactional = false", "", "" },
        { "SET lock_timeout = '5s'; CREATE INDEX CONCURRENTLY i ON orders (id)", ", Transactional = false", "", "" },
        { "CREATE INDEX CONCURRENTLY i ON orders (id); CREATE INDEX CONCURRENTLY j ON orders (total)", ", Transactional = false", "", "MC5004" },

        // MC5005 / MC5006
        { "ALTER TABLE orders ADD CONSTRAINT orders_c_fk FOREIGN KEY (id) REFERENCES customers (id)", Timeout, "", "MC5005" },
        { "ALTER TABLE orders ADD CHECK (total >= 0)", Timeout, "", "MC5005" },
        { "ALTER TABLE orders ADD CONSTRAINT orders_c_fk FOREIGN KEY (id) REFERENCES customers (id) NOT VALID", Timeout, "", "" },
        { "ALTER TABLE fresh ADD CHECK (id > 0)", Timeout, "", "" },
        { "ALTER TABLE orders ADD COLUMN customer_id int REFERENCES customers (id)", Timeout, "", "MC5005" },
        { "ALTER TABLE orders ADD CONSTRAINT pos CHECK (total >= 0) NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT pos", Timeout, "", "MC5006" },
        { "ALTER TABLE orders VALIDATE CONSTRAINT pos", Timeout, "", "" },

        // MC5007
        { "ALTER TABLE orders ADD CONSTRAINT orders_name_key UNIQUE (name)", Timeout, "", "MC5007" },
        { "ALTER TABLE orders ADD PRIMARY KEY (id)", Timeout, "", "MC5007" },
        { "ALTER TABLE orders ADD CONSTRAINT k UNIQUE (name) USING INDEX TABLESPACE fast", Timeout, "", "MC5007" },
        { "ALTER TABLE orders ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)", Timeout, "", "MC5007" },
        { "ALTER TABLE orders ADD CONSTRAINT orders_name_key UNIQUE USING INDEX orders_name_idx", Timeout, "", "" },
        { "ALTER TABLE \"fresh\" ADD PRIMARY KEY (id)", Timeout, "", "" },

        // MC5008
        { "ALTER TABLE orders ALTER COLUMN email SET NOT NULL", Timeout, "", "MC5008" },
        { "ALTER TABLE orders ADD CONSTRAINT e_nn CHECK (email IS NOT NULL); ALTER TABLE orders ALTER email SET NOT NULL", Timeout, "", "MC5005" },
        { "ALTER TABLE orders ALTER COLUMN email DROP NOT NULL", Timeout, "", "" },
        { "ALTER TABLE fresh ALTER COLUMN id SET NOT NULL", Timeout, "", "" },

        // Column constraints of ADD COLUMN: an inline foreign key or unique index on an existing table
        { "ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id)", Timeout, "", "MC5005" },
        { "ALTER TABLE orders ADD COLUMN code text UNIQUE", Timeout, "", "MC5007" },
        { "ALTER TABLE fresh ADD COLUMN coupon_id bigint REFERENCES coupons (id)", Timeout, "", "" },
        { "ALTER TABLE orders ADD COLUMN note text DEFAULT 'see REFERENCES'", Timeout, "", "" },

        // MC5009 / MC5010
        { "ALTER TABLE orders ADD COLUMN currency text NOT NULL", Timeout, "", "MC5009" },
        { "ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT 'EUR'", Timeout, "", "" },
        { "ALTER TABLE orders ADD COLUMN created timestamptz NOT NULL DEFAULT now()", Timeout, "", "" },
        { "ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT CURRENT_TIMESTAMP", Timeout, "", "" },
        { "ALTER TABLE orders ADD COLUMN currency text", Timeout, "", "" },
        { "ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid()", Timeout, "", "MC5010" },
        { "ALTER TABLE orders ADD COLUMN seen timestamptz DEFAULT clock_timestamp() NOT NULL", Timeout, "", "MC5010" },
        { "ALTER TABLE orders ADD COLUMN n bigserial", Timeout, "", "MC5010" },
        { "ALTER TABLE orders ADD COLUMN n int GENERATED ALWAYS AS IDENTITY", Timeout, "", "MC5010" },
        { "ALTER TABLE orders ADD COLUMN double_total numeric GENERATED ALWAYS AS (total * 2) STORED", Timeout, "", "MC5010" },
        { "ALTER TABLE orders ADD COLUMN r float8 DEFAULT my_function()", Timeout, "", "" },
        { "ALTER TABLE fresh ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid()", Timeout, "", "" },

        // MC5011: the current type comes from 0001's CREATE TABLE
        { "ALTER TABLE orders ALTER COLUMN id TYPE bigint", Timeout, "", "MC5011" },
        { "ALTER TABLE orders ALTER COLUMN name TYPE varchar(200)", Timeout, "", "" },
        { "ALTER TABLE orders ALTER COLUMN name TYPE text", Timeout, "", "" },
        { "ALTER TABLE orders ALTER COLUMN name SET DATA TYPE character varying", Timeout, "", "" },
        { "ALTER TABLE orders ALTER COLUMN name TYPE varchar(50)", Timeout, "", "MC5011" },
        { "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2)", Timeout, "", "" },
        { "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,3)", Timeout, "", "MC5011" },
        { "ALTER TABLE orders ALTER COLUMN email TYPE varchar(10)", Timeout, "", "MC5011" },
        { "ALTER TABLE orders ALTER COLUMN unknown_column TYPE text", Timeout, "", "" },
        { "ALTER TABLE orders ALTER COLUMN unknown_column TYPE bigint USING unknown_column::bigint", Timeout, "", "MC5011" },
        { "ALTER TABLE fresh ALTER COLUMN id TYPE bigint", Timeout, "", "" },

        // MC5012 / MC5013
        { "ALTER TABLE orders RENAME TO purchases", Timeout, "", "MC5012" },
        { "ALTER TABLE orders RENAME COLUMN name TO title", Timeout, "", "MC5012" },
        { "ALTER TABLE orders RENAME COLUMN name TO title", Timeout, "[ContractStep(\"no released code reads orders.name\")]", "" },
        { "ALTER TABLE fresh RENAME TO newer", Timeout, "", "" },
        { "ALTER TABLE orders DROP COLUMN IF EXISTS email", Timeout, "", "MC5013" },
        { "DROP TABLE IF EXISTS orders", Timeout, "", "MC5013" },
        { "DROP TABLE orders", Timeout, "[ContractStep(\"\")]", "MC5013" },
        { "DROP TABLE fresh", Timeout, "", "" },
        { "CREATE TABLE tmp (id int); DROP TABLE tmp", Timeout, "", "" },
        { "ALTER TABLE orders ADD COLUMN note text; ALTER TABLE orders RENAME COLUMN note TO remark; ALTER TABLE orders DROP COLUMN remark", Timeout, "", "" },

        // MC5014: a transactional migration runs under the runner's default lock timeout; a non-transactional one, or
        // one that asks for no limit, needs its own
        { "ALTER TABLE orders ADD COLUMN note text", "", "", "" },
        { "ALTER TABLE orders ADD COLUMN note text", ", Transactional = false", "", "MC5014" },
        { "ALTER TABLE orders ADD COLUMN note text", ", Transactional = false, LockTimeoutSeconds = 3", "", "" },
        { "ALTER TABLE orders ADD COLUMN note text", ", LockTimeoutSeconds = 0", "", "MC5014" },
        { "SET lock_timeout = '3s'; ALTER TABLE orders ADD COLUMN note text", ", LockTimeoutSeconds = 0", "", "" },
        { "SET LOCAL lock_timeout TO 3000; ALTER TABLE orders ADD COLUMN note text", ", LockTimeoutSeconds = 0", "", "" },
        { "ALTER TABLE orders ADD COLUMN note text; SET lock_timeout = '3s'", ", LockTimeoutSeconds = 0", "", "MC5014" },
        { "SET lock_timeout = 0; ALTER TABLE orders ADD COLUMN note text", "", "", "MC5014" },
        { "ALTER TABLE fresh ADD COLUMN note text", ", Transactional = false", "", "" },
        { "ALTER TABLE orders ADD COLUMN note text", ", Transactional = false", "[AcknowledgeLock(\"orders is tiny\")]", "" },

        // MC5015
        { "ALTER TABLE orders ADD COLUMN currency text; UPDATE orders SET currency = 'EUR'", Timeout, "", "MC5015" },
        { "ALTER TABLE orders ADD COLUMN currency text; DELETE FROM orders", Timeout, "", "MC5015" },
        { "ALTER TABLE orders ADD COLUMN currency text; UPDATE orders SET currency = 'EUR' WHERE id < 1000", Timeout, "", "" },
        { "UPDATE orders SET name = 'x'; ALTER TABLE orders ADD COLUMN currency text", Timeout, "", "" },
        { "ALTER TABLE orders ADD COLUMN currency text; UPDATE fresh SET id = 1", Timeout, "", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachHazard_FiresExactlyWhereItShould(string sql, string attributes, string classAttributes, string expected)
    {
        var source = Migrations($"m.Sql({Literal(sql)});", attributes, classAttributes);

        var diagnostics = await OnlineAsync(source, LockReleasing("0001"));

        Assert.Equal(expected, string.Join(",", diagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal)));
        Assert.All(diagnostics, d => Assert.StartsWith("\"", d.Location.SourceTree!.GetText(TestContext.Current.CancellationToken).ToString(d.Location.SourceSpan), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetNotNull_AfterAnAncestorValidatedTheCheck_IsQuiet_AndWithoutIt_IsReported()
    {
        const string chain = """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id int, email text)"); }

            [Migration("0002", Parent = "0001", LockTimeoutSeconds = 5)]
            public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID"); }

            [Migration("0003", Parent = "0002", LockTimeoutSeconds = 5)]
            public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders VALIDATE CONSTRAINT email_nn"); }

            [Migration("0004", Parent = "0003", LockTimeoutSeconds = 5)]
            public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders ALTER COLUMN email SET NOT NULL"); }
            """;

        Assert.Empty(await OnlineAsync(chain, lockText: null));
        var withoutValidation = chain.Replace("VALIDATE CONSTRAINT email_nn", "ADD COLUMN note text DEFAULT 'x'", StringComparison.Ordinal);
        Assert.Equal(new[] { "MC5008" }, (await OnlineAsync(withoutValidation, lockText: null)).Select(d => d.Id));
    }

    [Fact]
    public async Task SetNotNull_RightAfterValidatingAnAncestorsNotValidCheck_InTheSameMigration_IsQuiet()
    {
        // The usual second step of the recipe: VALIDATE the check an ancestor added NOT VALID, then SET NOT NULL.
        const string chain = """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id int, email text)"); }

            [Migration("0002", Parent = "0001")]
            public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID"); }

            [Migration("0003", Parent = "0002")]
            public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders VALIDATE CONSTRAINT email_nn; ALTER TABLE orders ALTER COLUMN email SET NOT NULL"); }
            """;

        Assert.Empty(await OnlineAsync(chain, lockText: null));
        var otherConstraint = chain.Replace("VALIDATE CONSTRAINT email_nn", "VALIDATE CONSTRAINT some_other", StringComparison.Ordinal);
        Assert.Equal(new[] { "MC5008" }, (await OnlineAsync(otherConstraint, lockText: null)).Select(d => d.Id));
        var checkOnOtherColumn = chain.Replace("CHECK (email IS NOT NULL)", "CHECK (id IS NOT NULL)", StringComparison.Ordinal);
        Assert.Equal(new[] { "MC5008" }, (await OnlineAsync(checkOnOtherColumn, lockText: null)).Select(d => d.Id));
    }

    [Fact]
    public async Task ColumnAddedByAnUnreleasedAncestor_MayBeDroppedOrRenamed_OneAddedByAReleasedOneMayNot()
    {
        const string chain = """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id int, email text)"); }

            [Migration("0002", Parent = "0001", LockTimeoutSeconds = 5)]
            public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders ADD COLUMN note text"); }

            [Migration("0003", Parent = "0002", LockTimeoutSeconds = 5)]
            public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders RENAME COLUMN note TO remark; ALTER TABLE orders DROP COLUMN email"); }
            """;
        var lockText = "migrationchain-lock 2\n0001 - src:0\n0002 0001 src:0\n0003 0002 src:0\nreleased {0}\nheads 0003\n";

        Assert.Equal(new[] { "MC5013" }, (await OnlineAsync(chain, string.Format(System.Globalization.CultureInfo.InvariantCulture, lockText, "0001"))).Select(d => d.Id));
        Assert.Equal(new[] { "MC5012", "MC5013" }, (await OnlineAsync(chain, string.Format(System.Globalization.CultureInfo.InvariantCulture, lockText, "0002"))).Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PragmaAroundTheCall_SuppressesTheDiagnostic()
    {
        var source = Migrations("#pragma warning disable MC5011\n        m.Sql(\"ALTER TABLE orders ALTER COLUMN id TYPE bigint\");\n#pragma warning restore MC5011", Timeout);
        var compilation = Compilations.Create("App", new[] { source });

        var (diagnostics, exceptions) = await Analysis.RunAsync(compilation, Analysis.All);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "MC5011");
        var (unsuppressed, _) = await Analysis.RunAsync(Compilations.Create("App", new[] { source.Replace("#pragma warning disable MC5011", string.Empty, StringComparison.Ordinal) }), Analysis.All);
        Assert.Contains(unsuppressed, d => d.Id == "MC5011");
    }

    [Fact]
    public async Task TableCreatedOnAnUnreleasedParallelBranch_IsUnknown_SaidByMC5016_AndJudgedOnceThatBranchShips()
    {
        var extra = """
            [Migration("0101_audit", Parent = "0001", Branch = "audit")]
            public sealed class Audit : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE audit (at timestamptz)"); }
            """;
        var source = Migrations("m.Sql(\"CREATE INDEX audit_at ON audit (at)\");", Timeout, extra: extra);
        var lockText = LockReleasing("0001").Replace("heads 0003", "0101_audit 0001 src:0\nheads 0003 0101_audit", StringComparison.Ordinal);

        var unknown = Assert.Single(await OnlineAsync(source, lockText));
        Assert.Equal("MC5016", unknown.Id);
        Assert.Equal(DiagnosticSeverity.Info, unknown.Severity);
        Assert.Contains("'0101_audit'", unknown.GetMessage(), StringComparison.Ordinal);

        var shipped = await OnlineAsync(source, lockText.Replace("released 0001", "released 0001 0101_audit", StringComparison.Ordinal));
        Assert.Equal(new[] { "MC5001" }, shipped.Select(d => d.Id));
    }

    [Fact]
    public async Task SqliteDialect_ReportsNoOnlineSafetyDiagnostic()
    {
        var source = Migrations("m.Sql(\"CREATE INDEX i ON orders (id); ALTER TABLE orders ALTER COLUMN id TYPE bigint; VACUUM FULL orders\");");
        var compilation = Compilations.Create("App", new[] { source });

        var (diagnostics, exceptions) = await Analysis.RunAsync(compilation, Analysis.All, sqlDialect: "sqlite");

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("MC5", StringComparison.Ordinal));
        var (postgres, _) = await Analysis.RunAsync(compilation, Analysis.All, sqlDialect: "postgres");
        Assert.Contains(postgres, d => d.Id == "MC5011");
    }

    [Fact]
    public async Task Downgrade_IsCheckedForTheTransactionRulesOnly()
    {
        var source = """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT 1");
                public override void Downgrade(MigrationBuilder m) => m.Sql("DROP INDEX CONCURRENTLY i; ALTER TABLE orders DROP COLUMN x");
            }
            """;

        Assert.Equal(new[] { "MC5003" }, (await OnlineAsync(source, lockText: null)).Select(d => d.Id));
    }

    private static string Literal(string sql) => "\"" + sql.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static async Task<List<Diagnostic>> OnlineAsync(string source, string? lockText)
    {
        var compilation = Compilations.Create("App", new[] { source });
        Assert.Empty(compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
        var (diagnostics, exceptions) = await Analysis.RunAsync(compilation, Analysis.All, lockText: lockText);
        Assert.Empty(exceptions);
        return diagnostics.Where(d => d.Id.StartsWith("MC5", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }
}
