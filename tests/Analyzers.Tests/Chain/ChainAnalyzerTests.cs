using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static MigrationChain.Analyzers.Tests.Verification.Sources;
using VerifyChain = MigrationChain.Analyzers.Tests.Verification.Verify<MigrationChain.Analyzers.Chain.ChainAnalyzer>;

namespace MigrationChain.Analyzers.Tests.Chain;

public class ChainAnalyzerTests
{
    [Fact]
    public async Task LinearChain_HasNoDiagnostics()
    {
        await VerifyChain.AnalyzerAsync(File(
            Migration("M1", "\"0001\""),
            Migration("M2", "\"0002\", Parent = \"0001\""),
            Migration("M3", "\"0003\", Parent = \"0002\"")));
    }

    [Fact]
    public async Task SecondRootWithoutBranch_IsReportedOnBothRoots()
    {
        await VerifyChain.AnalyzerAsync(
            File(
                Migration("M1", "\"0001_init\"", marker: 0),
                Migration("M2", "\"0002_next\", Parent = \"0001_init\""),
                Migration("M3", "\"0003_stray\"", marker: 1)),
            VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(0),
            VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(1)
                .WithMessage("'0003_stray' declares no Parent, but '0001_init' is already a root: the database would see two independent chains and could run '0003_stray' before the migrations it builds on. Set Parent = \"0002_next\" (the head of the chain from '0001_init'), or declare a Branch if it is meant to be an independent chain."));
    }

    [Fact]
    public async Task SecondRootWithABranch_IsIntended()
    {
        await VerifyChain.AnalyzerAsync(File(
            Migration("M1", "\"0001\""),
            Migration("P1", "\"p001\", Branch = \"plugins\"")));
    }

    [Fact]
    public async Task UnknownParent_IsReportedOnTheChild_NamingTheClosestRevision()
    {
        await VerifyChain.AnalyzerAsync(
            File(
                Migration("M1", "\"0001_init\""),
                Migration("M2", "\"0002_users\", Parent = \"0001_inti\"", marker: 0)),
            VerifyChain.Reported(RuleIds.UnknownRevision).WithLocation(0)
                .WithMessage("'0002_users' names Parent '0001_inti', which no migration declares: the runner would fail with \"Can't locate revision\". Did you mean '0001_init'? (the existing revision spelt most like it that does not build on '0002_users')"));
    }

    [Fact]
    public async Task TwoChildrenOfOneParent_AreBothHeads_NamingEachOtherAndTheirParent()
    {
        await VerifyChain.AnalyzerAsync(
            File(
                Migration("M1", "\"0001\""),
                Migration("M2", "\"0002\", Parent = \"0001\""),
                Migration("M3a", "\"0003a\", Parent = \"0002\"", marker: 0),
                Migration("M3b", "\"0003b\", Parent = \"0002\"", marker: 1)),
            VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(0)
                .WithMessage("'0003a' and '0003b' are both heads of the main line: they descend from '0002' and no merge joins them (\"Multiple head revisions are present\"). Add a merge migration with Parents = new[] { \"0003a\", \"0003b\" }, or give one of them its own Branch if it is meant to stay separate."),
            VerifyChain.Reported(RuleIds.MultipleHeads).WithLocation(1));
    }

    [Fact]
    public async Task DuplicateRevision_IsReportedOnEachDeclaration_WithTheOtherClassAndLocation()
    {
        await VerifyChain.AnalyzerAsync(
            File(
                Migration("M1", "\"0001\""),
                Migration("First", "\"0002\", Parent = \"0001\"", marker: 0),
                Migration("Second", "\"0002\", Parent = \"0001\"", marker: 1)),
            VerifyChain.Reported(RuleIds.DuplicateRevision).WithLocation(0)
                .WithMessage("Revision id '0002' is declared 2 times (also by Second at /0/Test0.cs(15,2)). Revision ids are recorded in the database and must be unique: give the migration that has not been deployed yet a new id."),
            VerifyChain.Reported(RuleIds.DuplicateRevision).WithLocation(1));
    }

    [Fact]
    public async Task Cycle_IsReportedOnEveryMemberOnly()
    {
        await VerifyChain.AnalyzerAsync(
            File(
                Migration("M1", "\"0001\""),
                Migration("A", "\"a\", Parent = \"b\"", marker: 0),
                Migration("B", "\"b\", Parent = \"a\"", marker: 1),
                Migration("C", "\"c\", Parent = \"b\"")),
            VerifyChain.Reported(RuleIds.Cycle).WithLocation(0),
            VerifyChain.Reported(RuleIds.Cycle).WithLocation(1));
    }

    [Fact]
    public async Task InvalidRevisionId_IsReported()
    {
        await VerifyChain.AnalyzerAsync(
            File(Migration("M1", "\"head\"", marker: 0)),
            VerifyChain.Reported(RuleIds.InvalidDeclaration).WithLocation(0));
    }

    [Fact]
    public async Task MigrationAttributeOnAClassThatIsNotAMigration_IsReported()
    {
        await VerifyChain.AnalyzerAsync(
            """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [{|#0:Migration("0002", Parent = "0001")|}]
            public sealed class NotAMigration { }

            [{|#1:Migration("0003", Parent = "0002")|}]
            public abstract class AbstractOne : Migration { }

            [{|#2:Migration("0004", Parent = "0003")|}]
            public sealed class NoDefaultConstructor : Migration
            {
                public NoDefaultConstructor(int x) { }
                public override void Upgrade(MigrationBuilder m) { }
            }
            """,
            VerifyChain.Reported(RuleIds.InvalidDeclaration).WithLocation(0),
            VerifyChain.Reported(RuleIds.InvalidDeclaration).WithLocation(1),
            VerifyChain.Reported(RuleIds.InvalidDeclaration).WithLocation(2));
    }

    [Fact]
    public async Task IndirectBaseClass_IsStillAMigration()
    {
        await VerifyChain.AnalyzerAsync(
            """
            using MigrationChain;

            public abstract class AuditedMigration : Migration { }

            [Migration("0001")]
            public sealed class M1 : AuditedMigration { public override void Upgrade(MigrationBuilder m) { } }
            """);
    }

    [Fact]
    public async Task MergeWithBothParentAndParents_IsMalformed()
    {
        await VerifyChain.AnalyzerAsync(
            File(
                Migration("M1", "\"0001\""),
                Migration("M2a", "\"0002a\", Parent = \"0001\""),
                Migration("M2b", "\"0002b\", Parent = \"0001\""),
                Migration("M3", "\"0003\", Parent = \"0002a\", Parents = new[] { \"0002a\", \"0002b\" }", marker: 0)),
            VerifyChain.Reported(RuleIds.MalformedMerge).WithLocation(0));
    }

    [Fact]
    public async Task MergeParentThatIsAnAncestorOfAnother_IsAWarning()
    {
        await VerifyChain.AnalyzerAsync(
            File(
                Migration("M1", "\"0001\""),
                Migration("M2", "\"0002\", Parent = \"0001\""),
                Migration("M3", "\"0003\", Parents = [\"0001\", \"0002\"]", marker: 0)),
            VerifyChain.Reported(RuleIds.RedundantMergeParent).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning));
    }

    [Fact]
    public async Task ConstantsNameofAndConcatenations_AreRead()
    {
        // Prefix comes from another file; nameof and a concatenation of constants are evaluated by the compiler.
        var constants = """
            public static class Ids
            {
                public const string Prefix = "00";
                public const string Init = Prefix + "01";
            }
            """;
        var migrations = """
            using MigrationChain;

            [Migration(Ids.Init)]
            public sealed class M0001 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration(nameof(M0002), Parent = Ids.Prefix + "01")]
            public sealed class M0002 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [{|#0:Migration("0003", Parent = nameof(M0002) + "x")|}]
            public sealed class M0003 : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """;

        await VerifyChain.AnalyzerAsync(
            new[] { constants, migrations },
            editorConfig: null,
            VerifyChain.Reported(RuleIds.UnknownRevision).WithLocation(0)
                .WithMessage("'0003' names Parent 'M0002x', which no migration declares: the runner would fail with \"Can't locate revision\". Did you mean 'M0002'? (the existing revision spelt most like it that does not build on '0003')"));
    }

    [Fact]
    public async Task PartialMigration_IsReportedOnceOnTheAttribute()
    {
        await VerifyChain.AnalyzerAsync(
            """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [{|#0:Migration("0002")|}]
            public sealed partial class M2 : Migration { }

            public sealed partial class M2 { public override void Upgrade(MigrationBuilder m) { } }
            """,
            VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(0),
            VerifyChain.Reported(RuleIds.SecondRoot).WithSpan(3, 2, 3, 19));
    }

    [Fact]
    public async Task ChainSeverity_IsConfigurable()
    {
        await VerifyChain.AnalyzerAsync(
            new[] { File(Migration("M1", "\"0001\"", marker: 0), Migration("M2", "\"0002\"", marker: 1)) },
            "dotnet_diagnostic.MC1001.severity = warning",
            VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning),
            VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(1).WithSeverity(DiagnosticSeverity.Warning));
    }

    [Fact]
    public async Task PragmaSuppression_Works()
    {
        await VerifyChain.AnalyzerAsync(
            File(
                Migration("M1", "\"0001\"", marker: 0),
                "#pragma warning disable MC1001\n" + Migration("M2", "\"0002\"") + "#pragma warning restore MC1001\n"),
            VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(0));
    }

    [Fact]
    public async Task AnotherLibrarysMigrationAttribute_IsNotOurs()
    {
        // Entity Framework and FluentMigrator have a [Migration] of their own: two "roots" there mean nothing to us.
        await VerifyChain.AnalyzerAsync(
            """
            using Other;

            namespace Other
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class MigrationAttribute : System.Attribute { public MigrationAttribute(string id) { } }
                public abstract class Migration { }
            }

            [Migration("a")]
            public sealed class A : Migration { }

            [Migration("b")]
            public sealed class B : Migration { }
            """);
    }

    [Fact]
    public async Task OursBesideAnotherLibrarysAttribute_IsStillChecked()
    {
        await VerifyChain.AnalyzerAsync(
            """
            namespace Other
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class MigrationAttribute : System.Attribute { public MigrationAttribute(string id) { } }
            }

            namespace Mine
            {
                using MigrationChain;

                [{|#0:Migration("0001")|}]
                public sealed class M1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [{|#1:MigrationChain.Migration("0002")|}]
                public sealed class M2 : Migration { public override void Upgrade(MigrationBuilder m) { } }

                [Other.Migration("x")]
                public sealed class NotOurs { }
            }
            """,
            VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(0),
            VerifyChain.Reported(RuleIds.SecondRoot).WithLocation(1));
    }

    [Fact]
    public async Task MigrationsInGeneratedCode_JoinTheChainButAreNotReportedOn()
    {
        var generated = """
            // <auto-generated/>
            using MigrationChain;

            [Migration("0001")]
            public sealed class Generated1 : Migration { public override void Upgrade(MigrationBuilder m) { } }

            [Migration("0002")]
            public sealed class Generated2 : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """;
        var handWritten = File(Migration("M3", "\"0003\", Parent = \"0001\""));

        // 0001 and 0002 are two roots, but in generated code; 0003's parent lives there and is found.
        await VerifyChain.AnalyzerAsync(new[] { generated, handWritten }, editorConfig: null);
    }

    [Fact]
    public async Task ParentInAReferencedAssembly_IsNotUnknown()
    {
        var library = await Compilations.LibraryAsync("Shop.Migrations", File(
            Migration("M1", "\"0001\""),
            Migration("M2", "\"0002\", Parent = \"0001\"")));

        var test = new MigrationAnalyzerTest<MigrationChain.Analyzers.Chain.ChainAnalyzer>();
        test.TestState.AdditionalReferences.Add(library);
        test.TestState.Sources.Add(File(
            Migration("M3", "\"0003\", Parent = \"0002\""),
            Migration("M4", "\"0004\", Parent = \"0003x\"", marker: 0)));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.UnknownRevision).WithLocation(0));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DuplicateOfAReferencedRevision_IsReportedOnTheOwnDeclaration()
    {
        var library = await Compilations.LibraryAsync("Shop.Migrations", File(Migration("Base", "\"0001\"")));

        var test = new MigrationAnalyzerTest<MigrationChain.Analyzers.Chain.ChainAnalyzer>();
        test.TestState.AdditionalReferences.Add(library);
        test.TestState.Sources.Add(File(Migration("Mine", "\"0001\"", marker: 0)));
        test.ExpectedDiagnostics.Add(VerifyChain.Reported(RuleIds.DuplicateRevision).WithLocation(0)
            .WithMessage("Revision id '0001' is declared 2 times (also by Base at /Shop.Migrations/File0.cs(3,2)). Revision ids are recorded in the database and must be unique: give the migration that has not been deployed yet a new id."));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
