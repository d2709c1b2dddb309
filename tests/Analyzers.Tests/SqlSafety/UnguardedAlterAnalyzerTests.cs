using Verify3001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.UnguardedAlterAnalyzer>;

namespace MigrationChain.Analyzers.Tests.SqlSafety;

public class UnguardedAlterAnalyzerTests
{
    private const string PostgresAdvice = "Write ALTER TABLE IF EXISTS, or guard the call with if (m.TableExists(\"embeddings\"))";

    private static string Chain(string secondUpgrade, string firstUpgrade = "m.Sql(\"CREATE TABLE memories (id int)\");") => $$"""
        using MigrationChain;

        [Migration("0001")]
        public sealed class M1 : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                {{firstUpgrade}}
            }
        }

        [Migration("0002", Parent = "0001")]
        public sealed class M2 : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                {{secondUpgrade}}
            }
        }
        """;

    [Fact]
    public async Task AlterOfATableNoMigrationCreated_IsReportedOnTheSqlArgument()
    {
        await Verify3001.AnalyzerAsync(
            Chain("m.Sql({|#0:\"ALTER TABLE embeddings ALTER COLUMN vec TYPE vector(1536)\"|});"),
            Verify3001.Diagnostic(RuleIds.UnguardedAlter).WithLocation(0)
                .WithArguments("0002", "embeddings", "is not created by this migration or any migration before it", PostgresAdvice));
    }

    [Fact]
    public async Task AlterOfATableAnAncestorCreated_IsFine()
    {
        await Verify3001.AnalyzerAsync(Chain(
            "m.Sql(\"ALTER TABLE embeddings ADD COLUMN model text\");",
            "m.Sql(\"CREATE TABLE embeddings (id int)\");"));
    }

    [Theory]
    [InlineData("m.Sql(\"ALTER TABLE IF EXISTS embeddings ADD COLUMN model text\");")]
    [InlineData("if (m.TableExists(\"embeddings\")) m.Sql(\"ALTER TABLE embeddings ADD COLUMN model text\");")]
    [InlineData("if (m.TableExists(\"public.embeddings\") && m.ColumnExists(\"embeddings\", \"vec\")) { m.Sql(\"ALTER TABLE embeddings ALTER COLUMN vec TYPE text\"); }")]
    [InlineData("if (!m.TableExists(\"embeddings\")) { m.Sql(\"CREATE TABLE embeddings (id int)\"); } else { m.Sql(\"ALTER TABLE embeddings ADD x int\"); }")]
    [InlineData("if (!m.TableExists(\"embeddings\")) return;\n        m.Sql(\"ALTER TABLE embeddings ADD x int\");")]
    [InlineData("m.Sql(\"CREATE TABLE embeddings (id int); ALTER TABLE embeddings ADD x int\");")]
    [InlineData("m.Sql(\"-- ALTER TABLE embeddings ADD x int\\nSELECT 'ALTER TABLE embeddings'\");")]
    public async Task GuardedOrCreatedOrNotCode_IsFine(string upgrade)
    {
        await Verify3001.AnalyzerAsync(Chain(upgrade));
    }

    [Theory]
    [InlineData("if (m.TableExists(\"other\")) m.Sql({|#0:\"ALTER TABLE embeddings ADD x int\"|});")]
    [InlineData("if (!m.TableExists(\"embeddings\")) m.Sql({|#0:\"ALTER TABLE embeddings ADD x int\"|});")]
    [InlineData("m.Sql({|#0:\"ALTER TABLE embeddings ADD x int\"|}); m.Sql(\"CREATE TABLE embeddings (id int)\");")]
    public async Task WrongGuardOrCreateTooLate_IsReported(string upgrade)
    {
        await Verify3001.AnalyzerAsync(Chain(upgrade), Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0));
    }

    [Fact]
    public async Task SqlFromConstantsRawAndInterpolatedStrings_IsRead()
    {
        await Verify3001.AnalyzerAsync(
            """"
            using MigrationChain;

            public static class Tables { public const string Embeddings = "embeddings"; }

            [Migration("0001")]
            public sealed class M1 : Migration
            {
                private const string Alter = "ALTER TABLE " + Tables.Embeddings + " ADD x int";

                public override void Upgrade(MigrationBuilder m)
                {
                    m.Sql({|#0:Alter|});
                    m.Sql({|#1:$"ALTER TABLE {Tables.Embeddings} ADD y int"|});
                    m.Sql({|#2:$"""
                        ALTER TABLE embeddings
                            ADD z int
                        """|});
                    m.Sql({|#3:@"ALTER TABLE ""embeddings"" ADD w int"|});
                }
            }
            """",
            Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0),
            Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(1),
            Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(2),
            Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(3));
    }

    [Fact]
    public async Task SqlThatCannotBeKnown_IsLeftAlone()
    {
        await Verify3001.AnalyzerAsync(Chain("var table = System.Environment.GetEnvironmentVariable(\"T\");\n        m.Sql(\"ALTER TABLE \" + table + \" ADD x int\");"));
    }

    [Fact]
    public async Task UnknowableSqlEarlier_MayHaveCreatedTheTable()
    {
        await Verify3001.AnalyzerAsync(Chain(
            "m.Sql(\"ALTER TABLE embeddings ADD x int\");",
            "m.Sql(System.IO.File.ReadAllText(\"schema.sql\"));"));
    }

    [Fact]
    public async Task TableCreatedOnAParallelBranch_IsReportedNamingIt()
    {
        await Verify3001.AnalyzerAsync(
            """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0002a", Parent = "0001")]
            public sealed class M2a : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE embeddings (id int)"); }

            [{|#1:Migration("0002b", Parent = "0001")|}]
            public sealed class M2b : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE embeddings ADD x int"|}); }
            """,
            Verify3001.Diagnostic(RuleIds.UnguardedAlter).WithLocation(0).WithLocation(1)
                .WithArguments("0002b", "embeddings", "is created only by '0002a', which is not an ancestor and may run after it",
                    "Make '0002a' run first: add DependsOn = new[] { \"0002a\" } to '0002b' (it does not build on '0002b', so this makes no cycle). " +
                    "A guard would hide that: on a fresh database the statement would silently do nothing, because 'embeddings' would not exist yet"));
    }

    [Fact]
    public async Task DtRagLayout_AdvisesTheMissingParent_NotAGuard()
    {
        // 0004 declares no Parent, so 0005 can run before 0001 created 'embeddings'; IF EXISTS would make it a no-op there.
        await Verify3001.AnalyzerAsync(
            new[]
            {
                """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE embeddings (id int, vec vector(768))"); }

                [Migration("0002", Parent = "0001")]
                public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0003", Parent = "0002")]
                public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
                """
                using MigrationChain;

                [{|#1:Migration("0004")|}]
                public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0005", Parent = "0004")]
                public sealed class M5 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE embeddings ALTER COLUMN vec TYPE vector(1536)"|}); }
                """,
            },
            editorConfig: null,
            Verify3001.Diagnostic(RuleIds.UnguardedAlter).WithLocation(0).WithLocation(1)
                .WithArguments("0005", "embeddings", "is created only by '0001', which is not an ancestor and may run after it",
                    "Make '0001' run first: '0004', where this chain starts, declares no Parent; set Parent = \"0003\" on it (the head of the chain '0001' is on; this makes no cycle). " +
                    "A guard would hide that: on a fresh database the statement would silently do nothing, because 'embeddings' would not exist yet"));
    }

    [Fact]
    public async Task TableOnlyALaterMigrationCreates_KeepsTheGuardAdvice()
    {
        await Verify3001.AnalyzerAsync(
            Chain("m.Sql(\"CREATE TABLE embeddings (id int)\");", "m.Sql({|#0:\"ALTER TABLE embeddings ADD x int\"|});"),
            Verify3001.Diagnostic(RuleIds.UnguardedAlter).WithLocation(0)
                .WithArguments("0001", "embeddings", "is created only by '0002', which is not an ancestor and may run after it", PostgresAdvice));
    }

    [Fact]
    public async Task TableCreatedOnOneBranchAndDroppedOnAnother_IsNotKnownAfterTheMerge()
    {
        await Verify3001.AnalyzerAsync(
            """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0002a", Parent = "0001")]
            public sealed class M2a : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE embeddings (id int)"); }

            [Migration("0002b", Parent = "0001")]
            public sealed class M2b : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS embeddings"); }

            [Migration("0003", Parents = new[] { "0002a", "0002b" })]
            public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE embeddings ADD x int"|}); }
            """,
            Verify3001.Diagnostic(RuleIds.UnguardedAlter).WithLocation(0)
                .WithArguments("0003", "embeddings", "is created by '0002a' and dropped by '0002b' on branches that nothing orders", PostgresAdvice));
    }

    [Fact]
    public async Task DowngradeAlteringATableItsUpgradeDropped_IsReported()
    {
        await Verify3001.AnalyzerAsync(
            """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id int)"); }

            [Migration("0002", Parent = "0001")]
            public sealed class M2 : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS a");
                public override void Downgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE a ADD x int"|});
            }
            """,
            Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0));
    }

    [Fact]
    public async Task Sqlite_AdvisesAGuard()
    {
        await Verify3001.AnalyzerAsync(
            new[] { Chain("m.Sql({|#0:\"ALTER TABLE embeddings ADD x int\"|});") },
            "migrationchain.sql_dialect = sqlite",
            Verify3001.Diagnostic(RuleIds.UnguardedAlter).WithLocation(0).WithArguments(
                "0002",
                "embeddings",
                "is not created by this migration or any migration before it",
                "SQLite has no ALTER TABLE IF EXISTS: guard the call with if (m.TableExists(\"embeddings\"))"));
    }

    [Fact]
    public async Task TwoBadAltersInOneCall_AreReportedOnceEach()
    {
        await Verify3001.AnalyzerAsync(
            Chain("m.Sql({|#0:\"ALTER TABLE a ADD x int; ALTER TABLE b ADD y int; ALTER TABLE memories ADD z int\"|});"),
            Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0).WithMessage("'0002' alters table 'a', which is not created by this migration or any migration before it. Write ALTER TABLE IF EXISTS, or guard the call with if (m.TableExists(\"a\"))."),
            Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0).WithMessage("'0002' alters table 'b', which is not created by this migration or any migration before it. Write ALTER TABLE IF EXISTS, or guard the call with if (m.TableExists(\"b\"))."));
    }

    [Fact]
    public async Task AncestorsInAReferencedAssembly_MayHaveCreatedTheTable()
    {
        var library = await Compilations.LibraryAsync("Base.Migrations", Sources.File(Sources.Migration("Base", "\"0001\"")));
        var test = new MigrationAnalyzerTest<MigrationChain.Analyzers.SqlSafety.UnguardedAlterAnalyzer>();
        test.TestState.AdditionalReferences.Add(library);
        test.TestState.Sources.Add("""
            using MigrationChain;

            [Migration("0002", Parent = "0001")]
            public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE users ADD x int"); }
            """);
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task HelperReceivingTheBuilder_MayCreateAnything()
    {
        await Verify3001.AnalyzerAsync("""
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration
            {
                public override void Upgrade(MigrationBuilder m)
                {
                    CreateTables(m);
                    m.Sql("ALTER TABLE users ADD x int");
                }

                private static void CreateTables(MigrationBuilder builder) => builder.Sql(System.IO.File.ReadAllText("x"));
            }
            """);
    }
}
