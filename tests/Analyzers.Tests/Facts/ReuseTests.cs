using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Analyzers.SqlSafety;
using static MigrationChain.Analyzers.Tests.Verification.Sources;

namespace MigrationChain.Analyzers.Tests.Facts;

/// <summary>What a new compilation may take over from the previous one, and what it must compute again.</summary>
public class ReuseTests
{
    private static readonly AnalyzerOptions NoOptions = new(ImmutableArray<AdditionalText>.Empty);

    private static (CSharpCompilation Compilation, SyntaxTree Migrations, SyntaxTree Other) Project(string migrations)
    {
        var migrationTree = Compilations.Parse(migrations, "/Migrations.cs");
        var otherTree = Compilations.Parse("public class Other { }", "/Other.cs");
        return (Compilations.Create("Shop", Array.Empty<string>()).AddSyntaxTrees(migrationTree, otherTree), migrationTree, otherTree);
    }

    private static ChainView View(Compilation compilation) =>
        ChainView.Build(compilation, MigrationSymbols.Of(compilation)!, TestContext.Current.CancellationToken);

    private static Compilation Edit(Compilation compilation, SyntaxTree tree, string text) =>
        compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text)));

    [Fact]
    public void EditOutsideTheMigrations_ReusesTheChainAndItsReplay()
    {
        var (compilation, _, other) = Project(File(Migration("M1", "\"0001\""), Migration("M2", "\"0002\", Parent = \"0001\"")));
        var view = View(compilation);
        var schema = SchemaView.Build(view, compilation, NoOptions, TestContext.Current.CancellationToken);

        var edited = Edit(compilation, other, "public class Other { public int X; }");

        var again = View(edited);
        Assert.Same(view, again);
        Assert.Same(schema, SchemaView.Build(again, edited, NoOptions, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void EditOfAMigrationFile_BuildsANewChain()
    {
        var (compilation, migrations, _) = Project(File(Migration("M1", "\"0001\"")));
        var view = View(compilation);

        var again = View(Edit(compilation, migrations, File(Migration("M1", "\"0001\""), Migration("M2", "\"0002\""))));

        Assert.NotSame(view, again);
        Assert.Equal(2, again.Own.Count);
    }

    [Fact]
    public void ChainResolvedWithTheCompilersHelp_IsNeverReused()
    {
        var (compilation, _, other) = Project(File(Migration("M1", "\"0001\""), Migration("M2", "\"0002\", Parent = Ids.Parent")));
        compilation = (CSharpCompilation)Edit(compilation, other, "public static class Ids { public const string Parent = \"0001\"; }");
        var view = View(compilation);

        var again = View(Edit(compilation, compilation.SyntaxTrees.Last(), "public static class Ids { public const string Parent = \"0009\"; }"));

        Assert.NotSame(view, again);
        Assert.Equal("0009", again.Own[1].Info.Parents.Single());
    }

    [Fact]
    public void EditOfOneMigrationFile_KeepsEveryOtherFilesFacts()
    {
        var files = Enumerable.Range(1, 4)
            .Select(i => Compilations.Parse(File(Migration($"M{i}", i == 1 ? "\"0001\"" : $"\"000{i}\", Parent = \"000{i - 1}\"")), $"/M{i}.cs"))
            .ToArray();
        var compilation = Compilations.Create("Shop", Array.Empty<string>()).AddSyntaxTrees(files);
        var view = View(compilation);
        var schema = SchemaView.Build(view, compilation, NoOptions, TestContext.Current.CancellationToken);

        var edited = Edit(compilation, files[2], File(Migration("M3", "\"0003\", Parent = \"0009\"")));
        var again = View(edited);
        var schemaAgain = SchemaView.Build(again, edited, NoOptions, TestContext.Current.CancellationToken);

        // The chain is validated again (linear), on the very same per-file facts for the three unchanged files.
        Assert.NotSame(view, again);
        Assert.NotSame(schema, schemaAgain);
        var unchanged = new[] { 0, 1, 3 };
        foreach (var i in unchanged)
        {
            Assert.Same(TreeFacts.Of(files[i], TestContext.Current.CancellationToken), TreeFacts.Of(edited.SyntaxTrees.ElementAt(i), TestContext.Current.CancellationToken));
            Assert.Same(view.Own[i].Declaration, again.Own[i].Declaration);
            Assert.Same(view.Own[i].Info, again.Own[i].Info);
        }

        Assert.NotSame(view.Own[2].Declaration, again.Own[2].Declaration);
        Assert.Equal(RuleIds.UnknownRevision, again.DiagnosticsFor(again.Own[2].Declaration).Single().Id);
    }

    [Fact]
    public void NewMetadataObjectForTheSameAssembly_FindsTheSameReferenceFacts()
    {
        // An IDE workspace may give each compilation a new metadata object for an unchanged reference: the facts read
        // from the first are found again through the module's version id, not read again from its types.
        var path = Path.Combine(AppContext.BaseDirectory, "testrefs", "MigrationChain.Runtime.dll");
        var first = MetadataReference.CreateFromFile(path);
        var second = MetadataReference.CreateFromFile(path);
        Assert.NotSame(first.GetMetadata(), second.GetMetadata());

        var facts = ReferenceFacts.Of(first);
        Assert.True(facts.IsRuntime);
        Assert.Same(facts, ReferenceFacts.Of(second));
    }
}
