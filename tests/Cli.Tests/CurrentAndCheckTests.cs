using System.Text.Json;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>current and check: reading where databases are, and the exit codes a CI step branches on.</summary>
public class CurrentAndCheckTests
{
    [Fact]
    public async Task Current_NamesTheRevision_MarksTheHead_AndSaysWhatIsPending()
    {
        using var folder = new TempDirectory("mc-cli");
        await Mchain.RunAsync(folder.Path, "upgrade", "0002", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        var behind = await Mchain.RunAsync(folder.Path, "current", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        var atHead = await Mchain.RunAsync(folder.Path, "current", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.True(behind.ExitCode == 0, behind.ToString());
        Assert.Equal("notes.db: 0002_add_tags\n1 pending: 0003_note_tags", behind.Output.Trim().ReplaceLineEndings("\n"));
        Assert.Equal("notes.db: 0003_note_tags (head)\nat head", atHead.Output.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task CurrentOfAMissingFile_SaysSo_AndDoesNotCreateIt()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "current", "--database", "sqlite:///nothing-here.db", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("nothing-here.db: (no file)", result.Output);
        Assert.Contains("3 pending", result.Output);
        Assert.False(File.Exists(folder.File("nothing-here.db")));
    }

    [Fact]
    public async Task Check_OfAValidChainWithoutADatabase_Exits0()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "check", "--assembly", Assets.Branches);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("chain: 8 revision(s), heads 0005_invoices, p002_plugin_settings: ok", result.Output.Trim());
    }

    [Fact]
    public async Task Check_OfTwoHeads_Exits3_PointingAtBothFiles_AndNamingTheMergeCommand()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "check", "--assembly", Assets.TwoHeads);

        Assert.Equal(3, result.ExitCode);
        var source = Assets.SourceFolder("TwoHeads");
        Assert.Contains($"{Path.Combine(source, "Migrations", "AddEmail.cs")}(5,5): error MC1003:", result.Output);
        Assert.Contains($"{Path.Combine(source, "Migrations", "AddPhone.cs")}(5,5): error MC1003:", result.Output);
        Assert.Contains($"Merge the heads with: mchain merge -m \"merge heads\" 0002_add_email 0002_add_phone --assembly {Assets.TwoHeads}", result.Error);
    }

    [Fact]
    public async Task Check_OfADatabaseBehind_Exits4_ThenAtHead_Exits0()
    {
        using var folder = new TempDirectory("mc-cli");
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        var behind = await Mchain.RunAsync(folder.Path, "check", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        var atHead = await Mchain.RunAsync(folder.Path, "check", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.Equal(4, behind.ExitCode);
        Assert.Contains("notes.db: 2 pending: 0002_add_tags, 0003_note_tags", behind.Output);
        Assert.True(atHead.ExitCode == 0, atHead.ToString());
        Assert.Contains("notes.db: at head (0003_note_tags)", atHead.Output);
    }

    [Fact]
    public async Task CheckAsJson_CarriesTheExitCodeAndEveryDiagnostic()
    {
        using var folder = new TempDirectory("mc-cli");

        var invalid = await Mchain.RunAsync(folder.Path, "check", "--json", "--assembly", Assets.TwoHeads);
        var pending = await Mchain.RunAsync(folder.Path, "check", "--json", "--database", "sqlite:///new.db", "--assembly", Assets.Linear);

        Assert.Equal(3, invalid.ExitCode);
        using var invalidJson = JsonDocument.Parse(invalid.Output);
        Assert.Equal(3, invalidJson.RootElement.GetProperty("exitCode").GetInt32());
        var errors = invalidJson.RootElement.GetProperty("chain").GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("MC1003", e.GetProperty("id").GetString()));
        Assert.Equal(5, errors[0].GetProperty("line").GetInt32());
        Assert.Equal(4, pending.ExitCode);
        using var pendingJson = JsonDocument.Parse(pending.Output);
        var database = pendingJson.RootElement.GetProperty("databases")[0];
        Assert.Equal(3, database.GetProperty("plan").GetArrayLength());
        Assert.False(database.GetProperty("exists").GetBoolean());
    }
}
