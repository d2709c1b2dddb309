using System.Text.Json;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>heads, branches and history: what the chain looks like, with or without a database.</summary>
public class ChainCommandTests
{
    [Fact]
    public async Task Heads_OfALinearChain_IsItsLastRevision()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "heads", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0003_note_tags (head)", result.Output.Trim());
    }

    [Fact]
    public async Task Heads_OfTwoUnmergedHeads_ListsBoth_AndNamesTheMergeCommandToRun()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "heads", "--assembly", Assets.TwoHeads);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "0002_add_email (head)", "0002_add_phone (head)" }, Lines(result.Output));
        Assert.Contains($"mchain merge -m \"merge heads\" 0002_add_email 0002_add_phone --assembly {Assets.TwoHeads}", result.Error);
    }

    [Fact]
    public async Task Heads_AsJson_NamesEachHeadsBranches_AndTheHeadsToMerge()
    {
        using var folder = new TempDirectory("mc-cli");

        var branches = await Mchain.RunAsync(folder.Path, "heads", "--json", "--assembly", Assets.Branches);
        var twoHeads = await Mchain.RunAsync(folder.Path, "heads", "--json", "--assembly", Assets.TwoHeads);

        using var branchesJson = JsonDocument.Parse(branches.Output);
        var heads = branchesJson.RootElement.GetProperty("heads").EnumerateArray().ToList();
        Assert.Equal(new[] { "0005_invoices", "p002_plugin_settings" }, heads.Select(h => h.GetProperty("revision").GetString()));
        Assert.Equal("plugins", heads[1].GetProperty("branches")[0].GetString());
        Assert.Empty(branchesJson.RootElement.GetProperty("unmerged").EnumerateArray());
        using var twoHeadsJson = JsonDocument.Parse(twoHeads.Output);
        Assert.Equal(new[] { "0002_add_email", "0002_add_phone" },
            twoHeadsJson.RootElement.GetProperty("unmerged")[0].EnumerateArray().Select(h => h.GetString()));
    }

    [Fact]
    public async Task Branches_ShowsTheBranchPointWithItsChildren_AndTheLabelledBranch()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "branches", "--assembly", Assets.Branches);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            new[]
            {
                "0002_users (branch point)",
                "    -> 0003_orders",
                "    -> 0003_reviews",
                "Labelled branches:",
                "  plugins: starts at p001_plugins; head p002_plugin_settings",
            },
            Lines(result.Output));
    }

    [Fact]
    public async Task HistoryGraph_DrawsTheForkAndTheMergeAsLanes_NewestFirst()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "history", "--graph", "--assembly", Assets.Branches);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            new[]
            {
                "*  p002_plugin_settings (head)",
                "*  p001_plugins [branch: plugins]",
                "*  0005_invoices (head)",
                "*  0004_merge (merge)",
                "|\\",
                "| *  0003_reviews",
                "* |  0003_orders",
                "|/",
                "*  0002_users",
                "*  0001_core",
            },
            Lines(result.Output));
    }

    [Fact]
    public async Task History_WithADatabase_SaysWhichRevisionsAreAppliedAndWhen()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        var upgrade = await Mchain.RunAsync(folder.Path, "upgrade", "0002", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        var result = await Mchain.RunAsync(folder.Path, "history", "--graph", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result.Output);
        Assert.Equal("o  0003_note_tags (head)  pending", lines[0]);
        Assert.Matches(@"^\*  0002_add_tags  applied \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", lines[1]);
        Assert.StartsWith("*  0001_create_notes  applied ", lines[2]);
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags" }, database.Recorded());
    }

    [Fact]
    public async Task History_WithoutGraph_WritesParentArrowRevision_LikeAlembic()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "history", "--assembly", Assets.Branches);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0003_orders, 0003_reviews -> 0004_merge (merge)", result.Output);
        Assert.Contains("<base> -> 0001_core", result.Output);
        Assert.Contains("<base> -> p001_plugins [branch: plugins]", result.Output);
    }

    [Fact]
    public async Task History_AsMermaid_HasANodePerRevision_AndAnEdgePerParent()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "history", "--format", "mermaid", "--assembly", Assets.Branches);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result.Output);
        Assert.Equal("flowchart TD", lines[0]);
        Assert.Equal(8, lines.Count(l => l.Contains("[\"", StringComparison.Ordinal) || l.Contains("{{\"", StringComparison.Ordinal)));
        Assert.Equal(7, lines.Count(l => l.Contains(" --> ", StringComparison.Ordinal)));
        Assert.Contains("    r4{{\"0004_merge\"}}", lines);
        Assert.Contains("    r2 --> r4", lines);
        Assert.Contains("    class r5,r7 head", lines);
    }

    [Fact]
    public async Task History_AsDot_IsADigraphWithEveryParentEdge()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "history", "--format", "dot", "--assembly", Assets.Branches);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("digraph migrations {", result.Output);
        Assert.Contains("    \"0003_reviews\" -> \"0004_merge\";", result.Output);
        Assert.Contains("    \"0004_merge\" [shape=diamond];", result.Output);
        Assert.Contains("    \"p002_plugin_settings\" [penwidth=2];", result.Output);
        Assert.EndsWith("}", result.Output.TrimEnd());
    }

    [Fact]
    public async Task History_AsJson_ListsRevisionsNewestFirst_WithParentsHeadsAndSourceFiles()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "history", "--format", "json", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var revisions = json.RootElement.GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal(new[] { "0003_note_tags", "0002_add_tags", "0001_create_notes" }, revisions.Select(r => r.GetProperty("revision").GetString()));
        Assert.True(revisions[0].GetProperty("isHead").GetBoolean());
        Assert.Equal("0001_create_notes", revisions[1].GetProperty("parents")[0].GetString());
        Assert.EndsWith(Path.Combine("Linear", "Migrations", "M0002_AddTags.cs"), revisions[1].GetProperty("file").GetString());
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
