using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using MigrationChain.Analyzers.Tests.Verification;

namespace MigrationChain.Analyzers.Tests.OnlineSafety;

/// <summary>
/// A host that analyses the whole compilation on every keystroke (csharp-ls) gets an unchanged file's MC5xxx findings
/// from the previous compilation when the chain's answers to that file's questions are the same, and computes them
/// again when an edit elsewhere changes one of those answers.
/// </summary>
public class FindingsReuseTests
{
    // 0001 (released) creates orders; 0002 (not released) creates the table named here.
    private static string Earlier(string secondTable) => $$"""
        using MigrationChain;

        [Migration("0001")]
        public sealed class M1 : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id int)");
        }

        [Migration("0002", Parent = "0001")]
        public sealed class M2 : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE {{secondTable}} (id int)");
        }
        """;

    // 0003, in its own file: an index built without CONCURRENTLY blocks writes to a table production already has.
    private const string Later = """
        using MigrationChain;

        [Migration("0003", Parent = "0002")]
        public sealed class M3 : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE INDEX orders_id ON orders (id)");
                m.Sql("CREATE INDEX fresh_id ON fresh (id)");
            }
        }
        """;

    private const string LockText = """
        migrationchain-lock 2
        0001 - src:0
        0002 0001 src:0
        0003 0002 src:0
        released 0001
        heads 0003

        """;

    private static async Task<List<Diagnostic>> BlockingIndexChanges(Compilation compilation, SyntaxTree tree)
    {
        var (diagnostics, exceptions) = await Analysis.RunAsync(compilation, Analysis.All, sqlDialect: "postgres", lockText: LockText);
        Assert.Empty(exceptions);
        return diagnostics.Where(d => d.Id == "MC5001" && d.Location.SourceTree == tree).OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }

    private static (Compilation Compilation, SyntaxTree Earlier, SyntaxTree Later) Project()
    {
        var earlier = Compilations.Parse(Earlier("fresh"), "/Shop/Earlier.cs");
        var later = Compilations.Parse(Later, "/Shop/Later.cs");
        return (Compilations.Create("Shop", Array.Empty<string>()).AddSyntaxTrees(earlier, later), earlier, later);
    }

    [Fact]
    public async Task EditThatChangesNoAnswer_ReportsTheSameFindingsWithoutComputingThemAgain()
    {
        var (compilation, earlier, later) = Project();
        var before = await BlockingIndexChanges(compilation, later);

        // 0002 now also creates another table: nothing 0003 asks about changes.
        var edited = compilation.ReplaceSyntaxTree(earlier, earlier.WithChangedText(SourceText.From(Earlier("fresh (id int); CREATE TABLE audit"))));
        var after = await BlockingIndexChanges(edited, later);

        // orders is released, so its index blocks; fresh is new in this release, so its index does not.
        var finding = Assert.Single(before);
        Assert.Contains("orders", finding.GetMessage(), StringComparison.Ordinal);
        Assert.Same(finding, Assert.Single(after));
    }

    [Fact]
    public async Task EditThatChangesAnAnswer_ComputesTheUnchangedFileAgain()
    {
        var (compilation, earlier, later) = Project();
        var before = await BlockingIndexChanges(compilation, later);

        // 0002 no longer creates fresh: to 0003 it now predates the chain (production has it), so its index blocks.
        var edited = compilation.ReplaceSyntaxTree(earlier, earlier.WithChangedText(SourceText.From(Earlier("audit"))));
        var after = await BlockingIndexChanges(edited, later);

        Assert.Single(before);
        Assert.Equal(2, after.Count);
        Assert.Contains("fresh", after[1].GetMessage(), StringComparison.Ordinal);
    }
}
