using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The CLI names revisions with the runtime's resolver: the same forms as upgrade targets and the same messages
/// (near misses, ambiguous prefixes), as a usage error that changes nothing.
/// </summary>
public class RevisionTargetTests
{
    [Fact]
    public async Task RevisionHead_TakesTheRuntimesForms_AndExplainsTheOnesItCannotResolve()
    {
        using var folder = new TempDirectory("mc-cli");

        var walked = await Mchain.RunAsync(folder.Path, "revision", "-m", "walked", "--head", "0001_create_notes+1", "--dir", "walked", "--assembly", Assets.Linear);
        var ambiguous = await Mchain.RunAsync(folder.Path, "revision", "-m", "x", "--head", "000", "--dir", "out", "--assembly", Assets.Linear);
        var misspelt = await Mchain.RunAsync(folder.Path, "revision", "-m", "x", "--head", "0003_notes_tags", "--dir", "out", "--assembly", Assets.Linear);

        Assert.True(walked.ExitCode == 0, walked.ToString());
        Assert.Contains("Parent = \"0002_add_tags\"", File.ReadAllText(Assert.Single(Directory.GetFiles(folder.File("walked")))));
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("'000' is ambiguous: it starts '0001_create_notes', '0002_add_tags' and '0003_note_tags'. Type more of the revision id.", ambiguous.Error);
        Assert.Equal(2, misspelt.ExitCode);
        Assert.Contains("Can't locate revision '0003_notes_tags'", misspelt.Error);
        Assert.Contains("Did you mean '0003_note_tags'?", misspelt.Error);
        Assert.False(Directory.Exists(folder.File("out")));
    }
}
