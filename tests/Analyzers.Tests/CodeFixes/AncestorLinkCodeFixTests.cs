using MigrationChain.Analyzers.CodeFixes.SqlSafety;
using MigrationChain.Analyzers.SqlSafety;
using Verify3001 = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.SqlSafety.UnguardedAlterAnalyzer>;

namespace MigrationChain.Analyzers.Tests.CodeFixes;

/// <summary>MC3001's fix when another migration creates the table: order that migration first, never guard the ALTER.</summary>
public class AncestorLinkCodeFixTests
{
    private const string MainChain = """
        using MigrationChain;

        [Migration("0001")]
        public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE embeddings (id int, vec vector(768))"); }

        [Migration("0002", Parent = "0001")]
        public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }

        [Migration("0003", Parent = "0002")]
        public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }
        """;

    [Fact]
    public async Task DtRagLayout_SetsTheParentOfTheStrayRoot_InItsOwnFile()
    {
        var test = new MigrationCodeFixTest<UnguardedAlterAnalyzer, AncestorLinkCodeFix>();
        test.TestState.Sources.Add(MainChain);
        test.TestState.Sources.Add("""
            using MigrationChain;

            [{|#1:Migration("0004")|}]
            public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0005", Parent = "0004")]
            public sealed class M5 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE embeddings ALTER COLUMN vec TYPE vector(1536)"|}); }
            """);
        test.FixedState.Sources.Add(MainChain);
        test.FixedState.Sources.Add("""
            using MigrationChain;

            [Migration("0004", Parent = "0003")]
            public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0005", Parent = "0004")]
            public sealed class M5 : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE embeddings ALTER COLUMN vec TYPE vector(1536)"); }
            """);
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ParallelBranch_GetsADependsOnEntry_AppendedToAnExistingArray()
    {
        var test = new MigrationCodeFixTest<UnguardedAlterAnalyzer, AncestorLinkCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002a", Parent = "0001")]
                public sealed class M2a : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE embeddings (id int)"); }

                [Migration("p001", Branch = "plugins")]
                public sealed class P1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#1:Migration("0002b", Parent = "0001", DependsOn = new[] { "p001" })|}]
                public sealed class M2b : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE embeddings ADD x int"|}); }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002a", Parent = "0001")]
                public sealed class M2a : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE embeddings (id int)"); }

                [Migration("p001", Branch = "plugins")]
                public sealed class P1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002b", Parent = "0001", DependsOn = new[] { "p001", "0002a" })]
                public sealed class M2b : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE embeddings ADD x int"); }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task GuardFix_IsNotOffered_WhenAnotherMigrationCreatesTheTable()
    {
        const string source = """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0002a", Parent = "0001")]
            public sealed class M2a : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE embeddings (id int)"); }

            [{|#1:Migration("0002b", Parent = "0001")|}]
            public sealed class M2b : Migration { public override void Upgrade(MigrationBuilder m) => m.Sql({|#0:"ALTER TABLE embeddings ADD x int"|}); }
            """;
        var test = new MigrationCodeFixTest<UnguardedAlterAnalyzer, MigrationChain.Analyzers.CodeFixes.SqlSafety.ExistenceClauseCodeFix>
        {
            TestCode = source,
            FixedCode = source,
        };
        test.ExpectedDiagnostics.Add(Verify3001.Reported(RuleIds.UnguardedAlter).WithLocation(0).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
