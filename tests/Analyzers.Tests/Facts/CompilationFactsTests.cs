using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using MigrationChain.Analyzers.Facts;
using static MigrationChain.Analyzers.Tests.Verification.Sources;

namespace MigrationChain.Analyzers.Tests.Facts;

/// <summary>
/// The per-compilation index of the trees' facts is derived from the previous compilation's index by comparing tree
/// arrays; every answer must still be the one a walk of all trees would give.
/// </summary>
public class CompilationFactsTests
{
    private static Compilation Edit(Compilation compilation, int tree, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(tree);
        return compilation.ReplaceSyntaxTree(old, old.WithChangedText(SourceText.From(text)));
    }

    private static Compilation Project(int files) =>
        Compilations.Create("Shop", Array.Empty<string>()).AddSyntaxTrees(Enumerable.Range(1, files)
            .Select(i => Compilations.Parse(File(Migration($"M{i}", i == 1 ? "\"0001\"" : $"\"{i:D4}\", Parent = \"{i - 1:D4}\"")), $"/M{i}.cs")));

    private static CompilationFacts Index(Compilation compilation) => CompilationFacts.Of(compilation, TestContext.Current.CancellationToken);

    // Derived explicitly from the previous compilation's index: tests running in parallel may push it out of the
    // process-wide list of recent indexes that Of starts from.
    private static CompilationFacts Derived(Compilation from, Compilation compilation)
    {
        var index = CompilationFacts.Derive(Index(from), compilation, TestContext.Current.CancellationToken);
        Assert.True(index.IsDerived);
        return index;
    }

    [Fact]
    public void LookalikeAddedThenRemovedInAnEdit_IsSeenThenForgotten()
    {
        var compilation = Project(5);
        Assert.True(MigrationSymbols.Of(compilation)!.BaseNameIsUnambiguous);

        var withLookalike = Edit(compilation, 3, File(Migration("M4", "\"0004\", Parent = \"0003\"")) + "\nnamespace Other { public class Migration { } }");
        Assert.True(Derived(compilation, withLookalike).SourceDeclares("Migration"));
        Assert.False(Derived(compilation, withLookalike).SourceDeclares("MigrationAttribute"));
        Assert.False(MigrationSymbols.Of(withLookalike)!.BaseNameIsUnambiguous);

        var withoutLookalike = Edit(withLookalike, 3, File(Migration("M4", "\"0004\", Parent = \"0003\"")));
        Assert.False(Derived(withLookalike, withoutLookalike).SourceDeclares("Migration"));
        Assert.True(MigrationSymbols.Of(withoutLookalike)!.BaseNameIsUnambiguous);
    }

    [Fact]
    public void EditThatAddsOrRemovesMigrations_ChangesTheTreesWithMigrations()
    {
        var compilation = Project(4).AddSyntaxTrees(Compilations.Parse("public class Other { }", "/Other.cs"));
        Assert.Equal(4, Index(compilation).WithMigrations.Count);

        var added = Edit(compilation, 4, File(Migration("M5", "\"0005\", Parent = \"0004\"")));
        Assert.Equal(5, Derived(compilation, added).WithMigrations.Count);
        Assert.Same(TreeFacts.Of(added.SyntaxTrees.Last(), TestContext.Current.CancellationToken), Derived(compilation, added).WithMigrations[4]);

        var removed = Edit(added, 1, "public class NotAMigration { }");
        Assert.Equal(
            new[] { 0, 2, 3, 4 }.Select(i => TreeFacts.Of(removed.SyntaxTrees.ElementAt(i), TestContext.Current.CancellationToken)),
            Derived(added, removed).WithMigrations);

        var outside = Edit(removed, 1, "public class StillNotAMigration { }");
        Assert.Same(Index(removed).WithMigrations, Derived(removed, outside).WithMigrations);
    }

    [Fact]
    public void EditInsideAMigrationFile_KeepsTheOtherTreesFactsInOrder()
    {
        var compilation = Project(6);
        var before = Index(compilation);

        var edited = Edit(compilation, 2, File(Migration("M3", "\"0003\", Parent = \"0009\"")));
        var after = Derived(compilation, edited);

        Assert.Equal(6, after.WithMigrations.Count);
        for (var i = 0; i < 6; i++)
        {
            Assert.Same(TreeFacts.Of(edited.SyntaxTrees.ElementAt(i), TestContext.Current.CancellationToken), after.WithMigrations[i]);
            if (i != 2)
            {
                Assert.Same(before.WithMigrations[i], after.WithMigrations[i]);
            }
        }

        Assert.Equal("0009", after.WithMigrations[2].Migrations.Single().Arguments!.Parents.Single());
    }

    [Fact]
    public void CompilationWithATreeMore_IsIndexedFromScratch()
    {
        var compilation = Project(3);
        _ = Index(compilation);

        var grown = compilation.AddSyntaxTrees(Compilations.Parse(File(Migration("M4", "\"0004\", Parent = \"0003\"")) + "\nnamespace Other { public class MigrationAttribute : System.Attribute { } }", "/M4.cs"));

        Assert.Equal(4, Index(grown).WithMigrations.Count);
        Assert.True(Index(grown).SourceDeclares("MigrationAttribute"));
        Assert.False(MigrationSymbols.Of(grown)!.AttributeNameIsUnambiguous);
    }
}
