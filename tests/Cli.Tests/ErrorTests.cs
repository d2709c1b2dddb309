using Microsoft.Data.Sqlite;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>Every error says what to do next, and never shows a stack trace unless asked.</summary>
public class ErrorTests
{
    [Fact]
    public async Task MultipleHeads_RefuseToUpgrade_WithTheExactMergeCommand()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///accounts.db", "--assembly", Assets.TwoHeads);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("error: The migration chain is invalid (2 problems); nothing was run:", result.Error);
        Assert.Contains($"  Merge the heads with: mchain merge -m \"merge heads\" 0002_add_email 0002_add_phone --assembly {Assets.TwoHeads}", result.Error);
        Assert.DoesNotContain("   at ", result.All);
        Assert.False(File.Exists(folder.File("accounts.db")));
    }

    [Fact]
    public async Task ADatabaseAtAnUnknownRevision_IsRefused_WithTheStampCommand_WhichThenRepairsIt()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0002", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        database.Execute("INSERT INTO migration_history (revision, parents, state, applied_at) VALUES ('9999_from_a_deleted_branch', '', 'applied', '2026-01-01T00:00:00.0000000Z')");

        var refused = await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        var stamped = await Mchain.RunAsync(folder.Path, "stamp", "0002", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);
        var upgraded = await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("9999_from_a_deleted_branch", refused.Error);
        Assert.Contains($"then record it without running anything: mchain stamp <revision> --assembly {Assets.Linear} --database sqlite:///notes.db", refused.Error);
        Assert.Contains("mchain history --graph", refused.Error);
        Assert.True(stamped.ExitCode == 0, stamped.ToString());
        Assert.True(upgraded.ExitCode == 0, upgraded.ToString());
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags", "0003_note_tags" }, database.Recorded());
    }

    [Fact]
    public async Task ADatabaseLockedByAnotherProcess_TimesOut_NamingThatProcess()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        using var holder = database.Open();
        using var transaction = holder.BeginTransaction();
        using (var write = holder.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = "INSERT INTO notes (body) VALUES ('held')";
            write.ExecuteNonQuery();
        }

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--lock-timeout", "1", "--database", database.Url, "--assembly", Assets.Linear);
        transaction.Rollback();

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("Timed out after 1 s waiting for the migration lock", result.Error);
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains($"The lock is held by process {Environment.ProcessId} (", result.Error);
            Assert.Contains($"Wait for process {Environment.ProcessId} ", result.Error);
        }

        Assert.Contains("--lock-timeout", result.Error);
        Assert.Equal(new[] { "0001_create_notes" }, database.Recorded());
    }

    [Theory]
    [InlineData("mysql://app:pw-in-url-9@db/shop", "'mysql://' is not a database MigrationChain supports")]
    [InlineData("sqlite://data/app.db", "has a host part; SQLite URLs have none")]
    [InlineData("app.db", "For a SQLite file write sqlite:///app.db")]
    [InlineData("postgresql://app:pw-in-url-9@db:54x2/shop", "The port '54x2' is not a number")]
    [InlineData("postgresql://:pw-in-url-9@/shop", "names no host")]
    [InlineData("Foo=bar", "names neither a SQLite file")]
    [InlineData("sqlite:///no/such/folder/app.db", "does not exist")]
    public async Task ABadDatabase_IsAUsageError_ThatShowsTheAcceptedForms(string database, string expected)
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "current", "--database", database, "--assembly", Assets.Linear);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: Bad database: ", result.Error);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("pw-in-url-9", result.All);
    }

    [Fact]
    public async Task AMissingAssembly_OrNoMigrationSourceAtAll_IsAUsageError()
    {
        using var folder = new TempDirectory("mc-cli");

        var missing = await Mchain.RunAsync(folder.Path, "heads", "--assembly", "nope/Missing.dll");
        var none = await Mchain.RunAsync(folder.Path, "heads");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("The assembly 'nope/Missing.dll' does not exist.", missing.Error);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("Pass --project path/to/Migrations.csproj, or --assembly", none.Error);
    }

    [Fact]
    public async Task AnUnknownTarget_IsAUsageError()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "0004", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("0004", result.Error);
    }

    [Fact]
    public async Task ErrorsAsJson_AreOneDocumentOnStdout_WithKindExitCodeAndAdvice()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--json", "--database", "sqlite:///a.db", "--assembly", Assets.TwoHeads);

        Assert.Equal(3, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("chain", error.GetProperty("kind").GetString());
        Assert.Equal(3, error.GetProperty("exitCode").GetInt32());
        Assert.Contains(error.GetProperty("whatToDo").EnumerateArray(), a => a.GetString()!.Contains("mchain merge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileThatIsNotADatabase_FailsSayingSo()
    {
        using var folder = new TempDirectory("mc-cli");
        File.WriteAllText(folder.File("garbage.db"), new string('x', 4096));

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///garbage.db", "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"garbage.db: '{folder.File("garbage.db")}' is not a SQLite database (or it is encrypted).", result.Error);
        Assert.DoesNotContain("password", result.Error, StringComparison.OrdinalIgnoreCase);
        SqliteConnection.ClearAllPools();
    }
}
