using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// A missing SQLite file is created only by a command that migrates it, and a command that fails leaves the folder as
/// it found it: no empty database, no journal, no lock file, no backup of a database the run did not change.
/// </summary>
public class LeavesNoFilesTests
{
    [Fact]
    public async Task AFailedUpgradeOfAMissingFile_LeavesNoFileBehind()
    {
        using var folder = new TempDirectory("mc-files");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "0009", "--database", "sqlite:///y.db", "--assembly", Assets.Linear);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("0009", result.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData("stamp", "head", "stamping")]
    [InlineData("downgrade", "base", "downgrading")]
    public async Task StampingOrDowngradingAMissingFile_IsAnError_SayingItDoesNotExist(string command, string target, string verb)
    {
        using var folder = new TempDirectory("mc-files");

        var result = await Mchain.RunAsync(folder.Path, command, target, "--database", "sqlite:///typo.db", "--assembly", Assets.Linear);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The SQLite database '{folder.File("typo.db")}' does not exist (is the path a typo?); {verb} needs an existing database.", result.Error);
        Assert.Contains("To create the database and apply the migrations: mchain upgrade ", result.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task AnUpgradeWhoseFirstMigrationFails_KeepsTheDatabase_AndDropsItsUselessBackup()
    {
        using var folder = new TempDirectory("mc-files");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        database.Execute("CREATE TABLE tags (id INTEGER PRIMARY KEY)");
        var before = Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal).ToList();

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("backup written: ", result.All);
        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(new[] { "0001_create_notes" }, database.Recorded());
    }

    [Fact]
    public async Task AnUpgradeThatFailsAfterAStepCommitted_KeepsItsBackup()
    {
        using var folder = new TempDirectory("mc-files");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        database.Execute("CREATE TABLE note_tags (id INTEGER PRIMARY KEY)");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags" }, database.Recorded());
        var backup = Assert.Single(Directory.GetFiles(folder.Path, "notes.db.*.bak"));
        Assert.Equal(new[] { "0001_create_notes" }, new SqliteFile(backup).Recorded());
    }
}
