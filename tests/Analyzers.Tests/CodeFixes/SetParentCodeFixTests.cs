using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.CodeFixes.Chain;
using Microsoft.CodeAnalysis.Testing;
using VerifyChain = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.Chain.ChainAnalyzer>;

namespace MigrationChain.Analyzers.Tests.CodeFixes;

public class SetParentCodeFixTests
{
    [Fact]
    public async Task SecondRoot_GetsTheMainHeadAsParent()
    {
        var test = new MigrationCodeFixTest<ChainAnalyzer, SetParentCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [{|#0:Migration("0001")|}]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002", Parent = "0001")]
                public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#1:Migration("0003", Branch = null)|}]
                public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002", Parent = "0001")]
                public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0003", Branch = null, Parent = "0002")]
                public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_HangsEveryStrayRootUnderTheHeadItSaw()
    {
        var test = new MigrationCodeFixTest<ChainAnalyzer, SetParentCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [{|#0:Migration("0001")|}]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002", Parent = "0001")]
                public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#1:Migration("0003")|}]
                public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#2:Migration("0004")|}]
                public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
        };
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(1));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(2));

        // One at a time, each stray follows the head left by the previous fix: a straight chain.
        test.FixedState.Sources.Add("""
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0002", Parent = "0001")]
            public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0003", Parent = "0002")]
            public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0004", Parent = "0003")]
            public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """);
        test.NumberOfIncrementalIterations = 2;

        // All at once, both follow the head they were reported against, which leaves two heads to merge.
        test.BatchFixedState.Sources.Add("""
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0002", Parent = "0001")]
            public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [{|#0:Migration("0003", Parent = "0002")|}]
            public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [{|#1:Migration("0004", Parent = "0002")|}]
            public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """);
        test.BatchFixedState.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(0));
        test.BatchFixedState.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(1));
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MisspeltParent_IsReplacedByTheClosestRevision()
    {
        var test = new MigrationCodeFixTest<ChainAnalyzer, SetParentCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001_init")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#0:Migration("0002_users", Parent = /* keep me */ "0001_inti")|}]
                public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001_init")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002_users", Parent = /* keep me */ "0001_init")]
                public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
        };
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.UnknownRevision).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MissingParentOfAMigrationWithAChild_IsReplacedByTheMainHead_NotByTheChild()
    {
        // 0005 (0004's child) is the last head; offering it would turn MC1002 into a cycle (MC1005).
        var test = new MigrationCodeFixTest<ChainAnalyzer, SetParentCodeFix>
        {
            TestCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0003", Parent = "0001")]
                public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#0:Migration("0004", Parent = "zzzzzzzzzzzz")|}]
                public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0005", Parent = "0004")]
                public sealed class M5 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
            FixedCode = """
                using MigrationChain;

                [Migration("0001")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0003", Parent = "0001")]
                public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0004", Parent = "0003")]
                public sealed class M4 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0005", Parent = "0004")]
                public sealed class M5 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
        };
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.UnknownRevision).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FixAll_ReplacesMisspeltMergeParentsAndDependsOnEntries()
    {
        var test = new MigrationCodeFixTest<ChainAnalyzer, SetParentCodeFix>
        {
            TestCode = """
                using MigrationChain;

                public static class Ids { public const string Typo = "0002_orderz"; }

                [Migration("0001_init")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#2:Migration("0002_users", Parent = "0001_init")|}]
                public sealed class M2a : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#3:Migration("0002_orders", Parent = "0001_init")|}]
                public sealed class M2b : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#0:Migration("0003_merge", Parents = new[] { "0002_userz", Ids.Typo })|}]
                public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("p001", Branch = "plugins")]
                public sealed class P1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#1:Migration("p002", Parent = "p001", DependsOn = ["0003_merg"])|}]
                public sealed class P2 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
            FixedState =
            {
                InheritanceMode = StateInheritanceMode.Explicit,
                Sources =
                {
                """
                using MigrationChain;

                public static class Ids { public const string Typo = "0002_orderz"; }

                [Migration("0001_init")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002_users", Parent = "0001_init")]
                public sealed class M2a : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0002_orders", Parent = "0001_init")]
                public sealed class M2b : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("0003_merge", Parents = new[] { "0002_users", "0002_orders" })]
                public sealed class M3 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("p001", Branch = "plugins")]
                public sealed class P1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("p002", Parent = "p001", DependsOn = ["0003_merge"])]
                public sealed class P2 : Migration { public override void Upgrade(MigrationBuilder m) { } }
                """,
                },
            },
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.UnknownRevision).WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.UnknownRevision).WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.UnknownRevision).WithLocation(1));

        // The broken merge leaves two heads until its parents are fixed.
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(2));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(3));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
