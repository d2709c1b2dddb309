using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.CodeFixes.Chain;
using VerifyChain = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.Chain.ChainAnalyzer>;

namespace MigrationChain.Analyzers.Tests.CodeFixes;

public class AddMergeMigrationCodeFixTests
{
    private const string TwoHeads = """
        using MigrationChain;

        namespace Shop.Migrations;

        [Migration("0001_init")]
        public sealed class M0001 : Migration { public override void Upgrade(MigrationBuilder m) { } }

        [{|#0:Migration("0002_users", Parent = "0001_init")|}]
        public sealed class M0002a : Migration { public override void Upgrade(MigrationBuilder m) { } }

        [{|#1:Migration("0002_orders", Parent = "0001_init")|}]
        public sealed class M0002b : Migration { public override void Upgrade(MigrationBuilder m) { } }
        """;

    private const string Merge = """
        using MigrationChain;

        namespace Shop.Migrations;

        /// <summary>Joins '0002_orders' and '0002_users' into one line again.</summary>
        [Migration("0003_merge", Parents = new[] { "0002_orders", "0002_users" })]
        public sealed class M0003_Merge : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
            }

            public override void Downgrade(MigrationBuilder m)
            {
            }
        }

        """;

    [Fact]
    public async Task TwoHeads_GetOneMergeFile_EvenWithFixAll()
    {
        var test = new MigrationCodeFixTest<ChainAnalyzer, AddMergeMigrationCodeFix>
        {
            TestCode = TwoHeads,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(1));
        test.FixedState.Sources.Add(TwoHeads.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace(")|}]", ")]"));
        test.FixedState.Sources.Add(("/0/M0003_Merge.cs", Merge));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task HeadWithAnInvalidId_GetsNoMerge_UntilItsIdIsFixed()
    {
        var source = """
            using MigrationChain;

            namespace Shop.Migrations;

            [Migration("0001_init")]
            public sealed class M0001 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [{|#0:Migration("head", Parent = "0001_init")|}]
            public sealed class M0002a : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [{|#1:Migration("0002_orders", Parent = "0001_init")|}]
            public sealed class M0002b : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """;
        var test = new MigrationCodeFixTest<ChainAnalyzer, AddMergeMigrationCodeFix>
        {
            TestCode = source,
            FixedCode = source,
        };
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.InvalidDeclaration).WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(1));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TakenIdsAndClassNames_AreAvoided_AndBlockNamespacesKept()
    {
        var source = """
            using MigrationChain;

            namespace Shop.Migrations
            {
                [Migration("0001")]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#0:Migration("a", Parent = "0001")|}]
                public sealed class A : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#1:Migration("b", Parent = "0001")|}]
                public sealed class B : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Migration("merge_a_b", Branch = "other")]
                public sealed class MergeAB2 : Migration { public override void Upgrade(MigrationBuilder m) { } }
            }
            """;
        var merge = """
            using MigrationChain;

            namespace Shop.Migrations
            {
                /// <summary>Joins 'a' and 'b' into one line again.</summary>
                [Migration("merge_a_b_2", Parents = new[] { "a", "b" })]
                public sealed class MergeAB2_2 : Migration
                {
                    public override void Upgrade(MigrationBuilder m)
                    {
                    }

                    public override void Downgrade(MigrationBuilder m)
                    {
                    }
                }
            }

            """;
        var test = new MigrationCodeFixTest<ChainAnalyzer, AddMergeMigrationCodeFix>
        {
            TestCode = source,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(1));
        test.FixedState.Sources.Add(source.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace(")|}]", ")]"));
        test.FixedState.Sources.Add(("/0/MergeAB2_2.cs", merge));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
