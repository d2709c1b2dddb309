using System.Text.RegularExpressions;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>revision and merge: new migration files, named, placed and written like their neighbours.</summary>
public class ScaffoldingTests
{
    [Fact]
    public async Task Revision_WritesAClassWhoseParentIsTheHead_WithATimestampedId()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "revision", "-m", "Add comments!", "--dir", "out", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        var file = Assert.Single(Directory.GetFiles(folder.File("out")));
        var name = Path.GetFileNameWithoutExtension(file);
        Assert.Matches(@"^M\d{8}_\d{6}_AddComments$", name);
        var source = File.ReadAllText(file);
        var revision = Regex.Match(source, "\\[Migration\\(\"([^\"]+)\", Parent = \"0003_note_tags\"\\)\\]").Groups[1].Value;
        Assert.Matches(@"^\d{8}_\d{6}_add_comments$", revision);
        Assert.StartsWith("using MigrationChain;\n\nnamespace Notes.Migrations;\n", source);
        Assert.Contains($"public sealed class {name} : Migration", source);
        Assert.Contains($"Wrote {Path.Combine("out", name + ".cs")}", result.Output);
        Assert.Contains($"  parent    0003_note_tags", result.Output);
    }

    [Fact]
    public async Task Revision_DryRun_ShowsTheSource_AndWritesNothing()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "revision", "-m", "add comments", "--rev-id", "0004_comments", "--dir", "out", "--dry-run", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Dry run: would write out/M0004_Comments.cs:", result.Output);
        Assert.Contains("[Migration(\"0004_comments\", Parent = \"0003_note_tags\")]", result.Output);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public async Task Revision_OnTwoHeads_IsRefused_WithTheMergeCommand()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "revision", "-m", "more", "--dir", "out", "--assembly", Assets.TwoHeads);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("mchain merge -m \"merge heads\" 0002_add_email 0002_add_phone", result.Error);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public async Task Revision_OnLabelledBranches_AsksWhichHead_AndTakesLabelAtHead()
    {
        using var folder = new TempDirectory("mc-cli");

        var ambiguous = await Mchain.RunAsync(folder.Path, "revision", "-m", "plugin flags", "--dir", "out", "--assembly", Assets.Branches);
        var chosen = await Mchain.RunAsync(folder.Path, "revision", "-m", "plugin flags", "--head", "plugins@head", "--dir", "out", "--assembly", Assets.Branches);

        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("--head <revision or label@head>", ambiguous.Error);
        Assert.True(chosen.ExitCode == 0, chosen.ToString());
        Assert.Contains("Parent = \"p002_plugin_settings\"", File.ReadAllText(Assert.Single(Directory.GetFiles(folder.File("out")))));
    }

    [Fact]
    public async Task Merge_JoinsTheHeadsTheRulesReport_InTheNeighboursNamespaceStyle()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "merge", "-m", "merge heads", "--dir", "out", "--assembly", Assets.TwoHeads);

        Assert.True(result.ExitCode == 0, result.ToString());
        var source = File.ReadAllText(Assert.Single(Directory.GetFiles(folder.File("out"))));
        Assert.Contains("Parents = new[] { \"0002_add_email\", \"0002_add_phone\" })]", source);
        Assert.Contains("namespace Forked.Migrations\n{\n    /// <summary>merge heads</summary>\n", source);
        Assert.Contains("  merges    0002_add_email, 0002_add_phone", result.Output);
    }

    [Fact]
    public async Task Merge_WithNothingToMerge_OrANonHead_IsAUsageError()
    {
        using var folder = new TempDirectory("mc-cli");

        var labelled = await Mchain.RunAsync(folder.Path, "merge", "-m", "x", "--dir", "out", "--assembly", Assets.Branches);
        var linear = await Mchain.RunAsync(folder.Path, "merge", "-m", "x", "--dir", "out", "--assembly", Assets.Linear);
        var notAHead = await Mchain.RunAsync(folder.Path, "merge", "-m", "x", "0002_users", "0005", "--dir", "out", "--assembly", Assets.Branches);

        Assert.Equal(2, labelled.ExitCode);
        Assert.Contains("Nothing needs merging", labelled.Error);
        Assert.Equal(2, linear.ExitCode);
        Assert.Contains("the chain has one head (0003_note_tags)", linear.Error);
        Assert.Equal(2, notAHead.ExitCode);
        Assert.Contains("'0002_users' is not a head", notAHead.Error);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public async Task RevisionWithAProject_BuildsIt_WritesBesideTheOtherMigrations_AndTheNextBuildHasTheNewHead()
    {
        using var project = new ScratchProject("Linear", "Notes");

        var revision = await Mchain.RunAsync(project.Folder, "revision", "-m", "add comments", "--project", project.ProjectFile);
        var heads = await Mchain.RunAsync(project.Folder, "heads", "--project", project.Folder);
        var upgrade = await Mchain.RunAsync(project.Folder, "upgrade", "--database", "sqlite:///notes.db", "--no-build", "--project", project.ProjectFile);

        Assert.True(revision.ExitCode == 0, revision.ToString());
        Assert.Contains("building Linear.csproj (Debug) ...", revision.Error);
        Assert.DoesNotContain("building", revision.Output);
        var written = Assert.Single(project.MigrationFiles(), f => Path.GetFileName(f).EndsWith("_AddComments.cs", StringComparison.Ordinal));
        var id = Regex.Match(File.ReadAllText(written), "\\[Migration\\(\"([^\"]+)\"").Groups[1].Value;
        Assert.True(heads.ExitCode == 0, heads.ToString());
        Assert.Equal($"{id} (head)", heads.Output.Split('\n').Last(l => l.Trim().Length > 0).Trim());
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Contains($"Upgraded notes.db to {id} (4 migration(s) in ", upgrade.Output);
    }

    [Fact]
    public async Task MergeWithAProject_MakesTheChainValidAgain()
    {
        using var project = new ScratchProject("TwoHeads", "Forked");

        var before = await Mchain.RunAsync(project.Folder, "check", "--project", project.ProjectFile);
        var merge = await Mchain.RunAsync(project.Folder, "merge", "-m", "merge heads", "--no-build", "--project", project.ProjectFile);
        var after = await Mchain.RunAsync(project.Folder, "check", "--project", project.ProjectFile);

        Assert.Equal(3, before.ExitCode);
        Assert.True(merge.ExitCode == 0, merge.ToString());
        Assert.Equal(4, project.MigrationFiles().Length);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains("chain: 4 revision(s), head ", after.Output);
    }
}
