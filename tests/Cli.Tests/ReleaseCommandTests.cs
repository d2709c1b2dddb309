using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary><c>mchain release</c> on the built Linear chain: the release boundary in migrations.lock, as a small diff.</summary>
public class ReleaseCommandTests
{
    private const string UnreleasedLock = """
        # migrations.lock: written by the build
        migrationchain-lock 1
        0001_create_notes - src:11111111111111111111111111111111
        0002_add_tags 0001_create_notes src:22222222222222222222222222222222
        0003_note_tags 0002_add_tags src:33333333333333333333333333333333
        heads 0003_note_tags

        """;

    [Fact]
    public async Task ReleaseUpToARevision_ThenTheWholeChain_ChangesOnlyTheReleasedLine()
    {
        using var folder = new TempDirectory("mc-cli");
        var lockFile = Path.Combine(folder.Path, "migrations.lock");
        File.WriteAllText(lockFile, UnreleasedLock);

        var first = await Mchain.RunAsync(folder.Path, "release", "0002", "--assembly", Assets.Linear, "--lock-file", lockFile);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("released 0002_add_tags (2 migration(s) newly released", first.Output);
        var afterFirst = Entries(File.ReadAllText(lockFile));
        Assert.Equal(
            new[] { "migrationchain-lock 2" }.Concat(Entries(UnreleasedLock).Skip(1).Take(3)).Append("released 0002_add_tags").Append("heads 0003_note_tags"),
            afterFirst);

        var second = await Mchain.RunAsync(folder.Path, "release", "--assembly", Assets.Linear, "--lock-file", lockFile, "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("\"newlyReleased\":[\"0003_note_tags\"]", string.Concat(second.Output.Where(c => !char.IsWhiteSpace(c))));
        var afterSecond = Entries(File.ReadAllText(lockFile));
        Assert.Equal(afterFirst.Select(l => l.StartsWith("released ", StringComparison.Ordinal) ? "released 0003_note_tags" : l), afterSecond);

        // Releasing again changes nothing.
        var again = await Mchain.RunAsync(folder.Path, "release", "--assembly", Assets.Linear, "--lock-file", lockFile);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing new to release", again.Output);
        Assert.Equal(afterSecond, Entries(File.ReadAllText(lockFile)));
    }

    [Fact]
    public async Task AcceptEdit_MarksOnlyThatReleasedRevision_AndRefusesAnUnreleasedOne()
    {
        using var folder = new TempDirectory("mc-cli");
        var lockFile = Path.Combine(folder.Path, "migrations.lock");
        File.WriteAllText(lockFile, UnreleasedLock.Replace("heads 0003", "released 0002_add_tags\nheads 0003", StringComparison.Ordinal)
            .Replace("migrationchain-lock 1", "migrationchain-lock 2", StringComparison.Ordinal));

        var unreleased = await Mchain.RunAsync(folder.Path, "release", "--accept-edit", "0003_note_tags", "--lock-file", lockFile);
        Assert.Equal(2, unreleased.ExitCode);
        Assert.Contains("'0003_note_tags' is not released", unreleased.Error);

        var accepted = await Mchain.RunAsync(folder.Path, "release", "--accept-edit", "0001", "--lock-file", lockFile);

        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        var entries = Entries(File.ReadAllText(lockFile));
        Assert.Contains("0001_create_notes - accept-edit", entries);
        Assert.Contains("0002_add_tags 0001_create_notes src:22222222222222222222222222222222", entries);
        Assert.Contains("released 0002_add_tags", entries);
    }

    [Fact]
    public async Task RevisionMissingFromTheLock_IsRefused_AndTheLockIsLeftAlone()
    {
        using var folder = new TempDirectory("mc-cli");
        var lockFile = Path.Combine(folder.Path, "migrations.lock");
        var stale = UnreleasedLock.Replace("0003_note_tags 0002_add_tags src:33333333333333333333333333333333\n", string.Empty, StringComparison.Ordinal);
        File.WriteAllText(lockFile, stale);

        var result = await Mchain.RunAsync(folder.Path, "release", "--assembly", Assets.Linear, "--lock-file", lockFile);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not list '0003_note_tags'", result.Error);
        Assert.Contains("Build the project locally", result.Error);
        Assert.Equal(stale, File.ReadAllText(lockFile));
    }

    [Fact]
    public async Task WithAProject_BuildsIt_AndMarksTheLockBesideIt()
    {
        using var project = new ScratchProject("Linear", "Notes");
        var lockFile = Path.Combine(project.Folder, "migrations.lock");
        File.WriteAllText(lockFile, UnreleasedLock);

        var result = await Mchain.RunAsync(project.Folder, "release", "--project", project.Folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("released 0003_note_tags", result.Output);
        Assert.Contains("released 0003_note_tags", Entries(File.ReadAllText(lockFile)));
    }

    [Fact]
    public async Task Help_EndsWithAnExampleOfItself()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "release", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("  mchain release ", result.Output[result.Output.IndexOf("Examples:", StringComparison.Ordinal)..]);
    }

    private static List<string> Entries(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0 && l[0] != '#').ToList();
}
