using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary><c>upgrade --single-transaction</c> and mchain.json's <c>singleTransaction</c>: all or nothing.</summary>
public class SingleTransactionTests
{
    [Fact]
    public async Task SingleTransaction_AFailureInTheLastMigration_LeavesTheFileAsItWas()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        database.Execute("CREATE TABLE note_tags (x INTEGER)"); // 0003 will fail on it

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--single-transaction", "--no-backup", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("0003_note_tags", result.Error);
        Assert.Contains("(--single-transaction), so all of it was rolled back", result.Error);
        Assert.Equal(new[] { "0001_create_notes" }, database.Recorded());
        Assert.Equal(new[] { "note_tags", "notes" }, database.Tables());
    }

    [Fact]
    public async Task WithoutTheFlag_TheSameFailureKeepsTheMigrationsBeforeIt()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        database.Execute("CREATE TABLE note_tags (x INTEGER)");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags" }, database.Recorded());
    }

    [Fact]
    public async Task ConfigKey_TurnsTheModeOn_AndTheCommandLineCanTurnItOff()
    {
        using var folder = new TempDirectory("mc-cli");
        Directory.CreateDirectory(folder.File(".git"));
        File.WriteAllText(folder.File("mchain.json"), """{ "singleTransaction": true, "database": "sqlite:///notes.db" }""");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--assembly", Assets.Linear);
        database.Execute("CREATE TABLE note_tags (x INTEGER)");

        var fromConfig = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--assembly", Assets.Linear);
        var overridden = await Mchain.RunAsync(folder.Path, "upgrade", "--single-transaction", "false", "--no-backup", "--assembly", Assets.Linear);

        Assert.Equal(1, fromConfig.ExitCode);
        Assert.Contains("(--single-transaction), so all of it was rolled back", fromConfig.Error);
        Assert.Equal(1, overridden.ExitCode);
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags" }, database.Recorded());
    }

    [Fact]
    public async Task ConfigKey_ThatIsNotASwitch_IsNamed()
    {
        using var folder = new TempDirectory("mc-cli");
        Directory.CreateDirectory(folder.File(".git"));
        File.WriteAllText(folder.File("mchain.json"), """{ "singleTransaction": "yes" }""");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'singleTransaction' must be true or false", result.Error);
    }
}
