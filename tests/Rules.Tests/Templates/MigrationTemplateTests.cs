using MigrationChain.Templates;

namespace MigrationChain.Rules.Tests.Templates;

public class MigrationTemplateTests
{
    [Fact]
    public void OrdinaryRevision_NamesItsParent_WithEmptyBodies_InAFileScopedNamespace()
    {
        var source = new MigrationTemplate("20260125_143012_add_tags", "M20260125_143012_AddTags")
        {
            Namespace = "Shop.Migrations",
            Parents = new[] { "0003_orders" },
            Summary = "Add tags",
        }.Render();

        Assert.Equal(
            """
            using MigrationChain;

            namespace Shop.Migrations;

            /// <summary>Add tags</summary>
            [Migration("20260125_143012_add_tags", Parent = "0003_orders")]
            public sealed class M20260125_143012_AddTags : Migration
            {
                public override void Upgrade(MigrationBuilder m)
                {
                }

                public override void Downgrade(MigrationBuilder m)
                {
                }
            }

            """.ReplaceLineEndings("\n"),
            source);
    }

    [Fact]
    public void Merge_ListsEveryParentInParents_AndNeverUsesParent()
    {
        var template = new MigrationTemplate("0005_merge", "MergeHeads") { Parents = new[] { "0004a", "0004b", "0004c" } };

        var source = template.Render();

        Assert.True(template.IsMerge);
        Assert.Contains("[Migration(\"0005_merge\", Parents = new[] { \"0004a\", \"0004b\", \"0004c\" })]", source);
        Assert.DoesNotContain("Parent =", source);
    }

    [Fact]
    public void Root_HasNoParentArgument_AndABranchLabelWhenAsked()
    {
        var source = new MigrationTemplate("p001_plugins", "PluginsRoot") { Branch = "plugins" }.Render();

        Assert.Contains("[Migration(\"p001_plugins\", Branch = \"plugins\")]", source);
    }

    [Fact]
    public void BlockNamespace_IndentsTheClass_AndCrLfIsKeptWhenAsked()
    {
        var source = new MigrationTemplate("0002_x", "X") { Namespace = "App.Data", FileScopedNamespace = false, NewLine = "\r\n" }.Render();

        Assert.Contains("namespace App.Data\r\n{\r\n    [Migration(\"0002_x\")]\r\n    public sealed class X : Migration\r\n", source);
        Assert.EndsWith("    }\r\n}\r\n", source);
        Assert.DoesNotContain("\n", source.Replace("\r\n", string.Empty));
    }

    [Fact]
    public void NoNamespace_WritesTheClassAtTopLevel()
    {
        var source = new MigrationTemplate("0001_init", "Init").Render();

        Assert.DoesNotContain("namespace", source);
        Assert.StartsWith("using MigrationChain;\n\n[Migration(\"0001_init\")]\npublic sealed class Init", source);
    }

    [Fact]
    public void Summary_IsOneLine_AndXmlEscaped()
    {
        var source = new MigrationTemplate("0002_x", "X") { Summary = "Move <a> & <b>\n  to   'c'" }.Render();

        Assert.Contains("/// <summary>Move &lt;a&gt; &amp; &lt;b&gt; to 'c'</summary>", source);
    }

    [Theory]
    [InlineData("head")]
    [InlineData("has space")]
    [InlineData("-1")]
    [InlineData("")]
    public void InvalidRevisionId_IsRefusedWithTheReason(string revision)
    {
        var error = Assert.Throws<ArgumentException>(() => new MigrationTemplate(revision, "X"));

        Assert.Contains("not a valid revision id", error.Message);
    }

    [Theory]
    [InlineData("1Class")]
    [InlineData("class")]
    [InlineData("My-Class")]
    public void InvalidClassName_IsRefused(string className)
    {
        Assert.Throws<ArgumentException>(() => new MigrationTemplate("0001", className));
    }

    [Fact]
    public void InvalidOrRepeatedParent_IsRefused()
    {
        var template = new MigrationTemplate("0003", "X");

        Assert.Throws<ArgumentException>(() => template.Parents = new[] { "0001", "bad id" });
        Assert.Throws<ArgumentException>(() => template.Parents = new[] { "0001", "0001" });
        Assert.Empty(template.Parents);
    }

    [Fact]
    public void InvalidNamespaceOrBranch_IsRefusedWhenRendering()
    {
        Assert.Throws<ArgumentException>(() => new MigrationTemplate("0001", "X") { Namespace = "Shop..Migrations" }.Render());
        Assert.Throws<ArgumentException>(() => new MigrationTemplate("0001", "X") { Branch = "two words" }.Render());
    }
}
