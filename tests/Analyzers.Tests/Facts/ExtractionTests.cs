using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Facts;
using static MigrationChain.Analyzers.Tests.Verification.Sources;

namespace MigrationChain.Analyzers.Tests.Facts;

public class ExtractionTests
{
    [Fact]
    public void FactsAreExtractedOncePerTree_AndAgainForAnEditedTree()
    {
        var tree = Compilations.Parse(File(Migration("M1", "\"0001\"")));
        var token = TestContext.Current.CancellationToken;

        var first = TreeFacts.Of(tree, token);
        Assert.Same(first, TreeFacts.Of(tree, token));

        var edited = tree.WithChangedText(tree.GetText(token).Replace(0, 0, "// edit\n"));
        Assert.NotSame(first, TreeFacts.Of(edited, token));
        Assert.Single(TreeFacts.Of(edited, token).Migrations);
    }

    [Fact]
    public async Task UnchangedTrees_ReuseTheirFacts_ButAConstInAnEditedFileIsReadAgain()
    {
        var ids = Compilations.Parse("public static class Ids { public const string Parent = \"0001\"; }", path: "/Ids.cs");
        var migrations = Compilations.Parse(File(Migration("M1", "\"0001\""), Migration("M2", "\"0002\", Parent = Ids.Parent")), "/Migrations.cs");
        var compilation = Compilations.Create("Shop", Array.Empty<string>()).AddSyntaxTrees(ids, migrations);
        var facts = TreeFacts.Of(migrations, TestContext.Current.CancellationToken);

        var (before, _) = await Analysis.RunAsync(compilation, ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new ChainAnalyzer()));
        Assert.Empty(before);

        // Only Ids.cs changes: the migrations tree (and its cached facts) is the very same object in the new compilation.
        var edited = compilation.ReplaceSyntaxTree(ids, ids.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("public static class Ids { public const string Parent = \"0009\"; }")));
        Assert.Contains(migrations, edited.SyntaxTrees);
        var (after, _) = await Analysis.RunAsync(edited, ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new ChainAnalyzer()));

        Assert.Same(facts, TreeFacts.Of(migrations, TestContext.Current.CancellationToken));
        Assert.Contains(after, d => d.Id == RuleIds.UnknownRevision && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'0009'", StringComparison.Ordinal));
    }

    [Fact]
    public void MetadataNames_LeadBackToTheDeclaration()
    {
        var source = """
            using MigrationChain;

            namespace A.B
            {
                namespace C
                {
                    public static class Outer
                    {
                        public static class Inner
                        {
                            [Migration("0001")]
                            public sealed class M : Migration { public override void Upgrade(MigrationBuilder m) { } }
                        }
                    }
                }
            }

            [Migration("0002", Parent = "0001")]
            public sealed class Global : Migration { public override void Upgrade(MigrationBuilder m) { } }
            """;
        var compilation = Compilations.Create("Shop", new[] { source });
        var declarations = TreeFacts.Of(compilation.SyntaxTrees.Single(), TestContext.Current.CancellationToken).Migrations;

        Assert.Equal(new[] { "A.B.C.Outer+Inner+M", "Global" }, declarations.Select(d => d.MetadataName));
        Assert.All(declarations, d => Assert.NotNull(compilation.Assembly.GetTypeByMetadataName(d.MetadataName)));
    }

    [Theory]
    [InlineData("namespace Shop.Db;\n", "", "M", "Shop.Db.M")]
    [InlineData("namespace Shop . Db\n{\n", "}\n", "M", "Shop.Db.M")]
    [InlineData("namespace Shop.Db\n{\n", "}\n", "M<T>", "Shop.Db.M`1")]
    [InlineData("", "", "M", "M")]
    public void AClassStraightInANamespace_HasItsMetadataName(string opening, string closing, string name, string expected)
    {
        var source = "using MigrationChain;\n" + opening
            + "[Migration(\"0001\")]\npublic sealed class " + name + " : Migration { public override void Upgrade(MigrationBuilder m) { } }\n" + closing;
        var compilation = Compilations.Create("Shop", new[] { source });
        var declaration = TreeFacts.Of(compilation.SyntaxTrees.Single(), TestContext.Current.CancellationToken).Migrations.Single();

        Assert.Equal(expected, declaration.MetadataName);
        Assert.NotNull(compilation.Assembly.GetTypeByMetadataName(declaration.MetadataName));
    }

    [Theory]
    [InlineData("\"a\" + \"b\"", "ab")]
    [InlineData("(\"a\" + (@\"b\"\"\" + \"\"\"c\"\"\"))", "ab\"c")]
    [InlineData("$\"x{{y}}\"", "x{y}")]
    [InlineData("$@\"x{{\"\"y}}\"", "x{\"y}")]
    [InlineData("$$\"\"\"x{y}\"\"\"", "x{y}")]
    [InlineData("null", null)]
    [InlineData("nameof(M1) + nameof(System.String) + nameof(List<int>)", "M1StringList")]
    public void LiteralsAndTheirConcatenations_FoldFromSyntax(string expression, string? value)
    {
        Assert.True(ConstantFolder.TryFold(SyntaxFactory.ParseExpression(expression), out var folded));
        Assert.Equal(value, folded);
    }

    [Fact]
    public void RawInterpolatedStringWithoutHoles_FoldsLikeARawLiteral()
    {
        var raw = SyntaxFactory.ParseExpression("\"\"\"\n    ALTER TABLE t\n        ADD x int\n    \"\"\"");
        var interpolated = SyntaxFactory.ParseExpression("$\"\"\"\n    ALTER TABLE t\n        ADD x int\n    \"\"\"");

        Assert.True(ConstantFolder.TryFold(raw, out var rawValue));
        Assert.True(ConstantFolder.TryFold(interpolated, out var interpolatedValue));
        Assert.Equal("ALTER TABLE t\n    ADD x int", rawValue);
        Assert.Equal(rawValue, interpolatedValue);
    }

    [Theory]
    [InlineData("Ids.Parent")]
    [InlineData("Table")]
    [InlineData("$\"x{y}\"")]
    [InlineData("\"a\" + 1")]
    public void AnythingElse_IsLeftToTheSemanticModel(string expression)
    {
        Assert.False(ConstantFolder.TryFold(SyntaxFactory.ParseExpression(expression), out _));
    }

    [Fact]
    public void TheClassesOwnConstants_AreReadFromSyntax_UnlessHidden()
    {
        var source = """
            using MigrationChain;

            public static class Outer
            {
                private const string Schema = "app.";

                [Migration(Prefix + "01")]
                public sealed class M : Migration
                {
                    private const string Prefix = "00", Table = Schema + "users";
                    private const string Alter = "ALTER TABLE " + Table + " ADD x int";
                    private const string Loop = Loop + "x";

                    public override void Upgrade(MigrationBuilder m)
                    {
                        m.Sql(Alter);
                        m.Sql(M.Table);
                        if (m.TableExists(Table)) m.Sql(Tables.Other);
                        m.Sql(Loop);
                    }

                    public override void Downgrade(MigrationBuilder m)
                    {
                        var Table = "shadow";
                        m.Sql(Table);
                    }
                }
            }
            """;
        var declaration = TreeFacts.Of(Compilations.Parse(source), TestContext.Current.CancellationToken).Migrations.Single();

        Assert.Equal("0001", declaration.Arguments!.Revision);
        var upgrade = declaration.Upgrade!.Calls;
        Assert.Equal("ALTER TABLE app.users ADD x int", upgrade[0].Sql.Value);
        Assert.Equal("app.users", upgrade[1].Sql.Value);
        Assert.Equal("app.users", Assert.Single(upgrade[2].Guards).Table.Value);
        Assert.False(upgrade[2].Sql.IsKnown);
        Assert.False(upgrade[3].Sql.IsKnown);
        Assert.False(Assert.Single(declaration.Downgrade!.Calls).Sql.IsKnown);
    }

    [Fact]
    public void GuardsAndEscapes_AreRead()
    {
        var source = """
            using MigrationChain;

            [Migration("0001")]
            public sealed class M : Migration
            {
                public override void Upgrade(MigrationBuilder m)
                {
                    if (!m.TableExists("gone")) return;
                    if (m.ColumnExists("t", "c") && m.TableExists("u")) { m.Sql("SELECT 1"); }
                    Helper(m);
                }

                public override void Downgrade(MigrationBuilder m) { }

                private static void Helper(MigrationBuilder builder) => builder.Sql("SELECT 2");
            }
            """;
        var declaration = TreeFacts.Of(Compilations.Parse(source), TestContext.Current.CancellationToken).Migrations.Single();

        var call = Assert.Single(declaration.Upgrade!.Calls);
        Assert.Equal(new[] { "gone", "t", "u" }, call.Guards.Select(g => g.Table.Value).OrderBy(t => t, StringComparer.Ordinal));
        Assert.All(call.Guards, g => Assert.True(g.Holds));
        Assert.True(declaration.Upgrade.BuilderEscapes);
        Assert.False(declaration.Downgrade!.BuilderEscapes);
        Assert.Equal(BodyShape.Empty, declaration.Downgrade.Shape);
        Assert.Equal(BuilderMethodKind.Helper, declaration.Methods.Last().Kind);
    }
}
