using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>upgrade, downgrade and stamp on SQLite files, as plain log lines (the output is redirected).</summary>
public class SqliteMoveTests
{
    [Fact]
    public async Task Upgrade_WritesOneTimestampedLinePerMigrationWithItsDuration_AndReachesHead()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var revision in new[] { "0001_create_notes", "0002_add_tags", "0003_note_tags" })
        {
            Assert.Matches(new Regex($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z upgrade {revision} done in \d+ ms$", RegexOptions.Multiline), result.Output);
        }

        Assert.Contains("Upgraded notes.db to 0003_note_tags (3 migration(s) in ", result.Output);
        Assert.DoesNotContain("\u001b[", result.Output);
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags", "0003_note_tags" }, database.Recorded());
        Assert.Equal(new[] { "note_tags", "notes", "tags" }, database.Tables());
    }

    [Fact]
    public async Task Upgrade_RunsMigrationsThatCallIntoTheirOwnDependencies_AndAppliesEveryHead()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("shop.db"));

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Branches);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(8, database.Recorded().Count);
        Assert.Equal(new[] { "id", "total" }, database.Strings("SELECT name FROM pragma_table_info('invoices') ORDER BY cid"));
        Assert.Contains("Upgraded shop.db to 0005_invoices, p002_plugin_settings (8 migration(s) in ", result.Output);
    }

    [Fact]
    public async Task UpgradeOfAnExistingFile_BacksItUpFirst_AndPrintsWhere()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "head", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        var backup = Assert.Single(Directory.GetFiles(folder.Path, "notes.db.*.bak"));
        Assert.Contains($"Backup of the database before the run: {backup}", result.Output);
        Assert.Equal(new[] { "0001_create_notes" }, new SqliteFile(backup).Recorded());
        Assert.Equal(3, database.Recorded().Count);
    }

    [Fact]
    public async Task NoBackup_TakesNone()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(Directory.GetFiles(folder.Path, "*.bak"));
    }

    [Fact]
    public async Task UpgradeAtHead_SaysThereIsNothingToDo()
    {
        using var folder = new TempDirectory("mc-cli");
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("notes.db is already at heads: 0003_note_tags. Nothing to do.", result.Output.Trim());
    }

    [Fact]
    public async Task Downgrade_UndoesToTheTarget_WhichStaysApplied()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);

        var one = await Mchain.RunAsync(folder.Path, "downgrade", "-1", "--database", database.Url, "--assembly", Assets.Linear);
        var toFirst = await Mchain.RunAsync(folder.Path, "downgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Matches(@"downgrade 0003_note_tags done in \d+ ms", one.Output);
        Assert.True(toFirst.ExitCode == 0, toFirst.ToString());
        Assert.Contains("Downgraded notes.db to 0001_create_notes (1 migration(s) in ", toFirst.Output);
        Assert.Equal(new[] { "0001_create_notes" }, database.Recorded());
        Assert.Equal(new[] { "notes" }, database.Tables());
    }

    [Fact]
    public async Task Stamp_RecordsTheTargetWithoutRunningAnyMigration()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("existing.db"));
        database.Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

        var result = await Mchain.RunAsync(folder.Path, "stamp", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        var upgrade = await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Stamped existing.db to 0001_create_notes (1 recorded, 0 unrecorded, no migration run).", result.Output);
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.DoesNotContain("upgrade 0001_create_notes", upgrade.Output);
        Assert.Equal(new[] { "note_tags", "notes", "tags" }, database.Tables());
    }

    [Fact]
    public async Task DryRuns_ShowTheSteps_AndChangeNothing_NotEvenCreatingAMissingFile()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));

        var missing = await Mchain.RunAsync(folder.Path, "upgrade", "--dry-run", "--database", database.Url, "--assembly", Assets.Linear);
        Assert.False(File.Exists(database.Path));
        await Mchain.RunAsync(folder.Path, "upgrade", "0002", "--database", database.Url, "--assembly", Assets.Linear);
        var upgrade = await Mchain.RunAsync(folder.Path, "upgrade", "--dry-run", "--database", database.Url, "--assembly", Assets.Linear);
        var downgrade = await Mchain.RunAsync(folder.Path, "downgrade", "base", "--dry-run", "--database", database.Url, "--assembly", Assets.Linear);
        var stamp = await Mchain.RunAsync(folder.Path, "stamp", "head", "--dry-run", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(missing.ExitCode == 0, missing.ToString());
        Assert.Contains("would take 3 step(s); nothing was changed.", missing.Output);
        Assert.Contains("  upgrade 0003_note_tags", upgrade.Output);
        Assert.DoesNotContain("0002_add_tags", upgrade.Output);
        Assert.Contains("  downgrade 0002_add_tags\n  downgrade 0001_create_notes", downgrade.Output.ReplaceLineEndings("\n"));
        Assert.Contains("  record 0003_note_tags", stamp.Output);
        Assert.Equal(new[] { "0001_create_notes", "0002_add_tags" }, database.Recorded());
        Assert.Empty(Directory.GetFiles(folder.Path, "*.bak"));
    }

    [Fact]
    public async Task UpgradeAsJson_IsOneDocumentWithTheStepsAndTheBackup()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--json", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("upgrade", root.GetProperty("operation").GetString());
        Assert.Equal(new[] { "0002_add_tags", "0003_note_tags" }, root.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("revision").GetString()));
        Assert.Equal("0003_note_tags", root.GetProperty("current")[0].GetString());
        Assert.True(File.Exists(root.GetProperty("backup").GetString()));
    }

    [Fact]
    public async Task DatabaseFromTheEnvironment_AndANativeConnectionString_WorkLikeAUrl()
    {
        using var folder = new TempDirectory("mc-cli");
        var fromEnvironment = new SqliteFile(folder.File("env.db"));
        var native = new SqliteFile(folder.File("native.db"));

        var first = await Mchain.RunAsync(folder.Path, new Dictionary<string, string?> { ["MIGRATIONCHAIN_DATABASE_URL"] = "sqlite:///env.db" },
            "upgrade", "--assembly", Assets.Linear);
        var second = await Mchain.RunAsync(folder.Path, "upgrade", "0002", "--database", $"Data Source={native.Path}", "--assembly", Assets.Linear);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(3, fromEnvironment.Recorded().Count);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2, native.Recorded().Count);
    }

    [Fact]
    public async Task SqlScript_IsWrittenWithoutTouchingTheDatabase_AndRunningItReachesHead()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));

        var script = await Mchain.RunAsync(folder.Path, "upgrade", "--sql", "--database", database.Url, "--assembly", Assets.Linear);
        Assert.False(File.Exists(database.Path));
        database.Execute(script.Output);
        var check = await Mchain.RunAsync(folder.Path, "check", "--database", database.Url, "--assembly", Assets.Linear);
        var downgrade = await Mchain.RunAsync(folder.Path, "downgrade", "0003:0001", "--sql", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(script.ExitCode == 0, script.ToString());
        Assert.Contains("CREATE TABLE notes", script.Output);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal(new[] { "note_tags", "notes", "tags" }, database.Tables());
        Assert.True(downgrade.ExitCode == 0, downgrade.ToString());
        Assert.Contains("DROP TABLE IF EXISTS note_tags", downgrade.Output);
        Assert.Contains("DROP TABLE IF EXISTS tags", downgrade.Output);
        Assert.DoesNotContain("DROP TABLE IF EXISTS notes", downgrade.Output);
        Assert.Equal(3, database.Recorded().Count);
    }

    [Fact]
    public async Task OfflineDowngradeWithoutARange_SaysToWriteFromColonTo()
    {
        using var folder = new TempDirectory("mc-cli");

        var result = await Mchain.RunAsync(folder.Path, "downgrade", "0001", "--sql", "--database", "sqlite:///notes.db", "--assembly", Assets.Linear);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("from:to", result.Error);
        Assert.Contains("mchain downgrade head:0001 --sql", result.Error);
    }

    [Fact]
    public async Task AMigrationThatFails_IsRolledBack_AndTheErrorNamesTheStatement_WithoutAStackTrace()
    {
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        database.Execute("CREATE TABLE tags (id INTEGER PRIMARY KEY)");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);
        var verbose = await Mchain.RunAsync(folder.Path, "upgrade", "--verbose", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Upgrade of '0002_add_tags' failed in statement:", result.Error);
        Assert.Contains("CREATE TABLE tags", result.Error);
        Assert.Contains("FAILED upgrade 0002_add_tags (rolled back)", result.Output);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal(new[] { "0001_create_notes" }, database.Recorded());
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at MigrationChain.", verbose.Error);
        Assert.Contains("trace: loading ", verbose.Error);
    }

    [Fact]
    public async Task OnATerminal_AProgressBarIsDrawnInPlace_AndEachMigrationGetsAColouredLine()
    {
        TestEnvironment.RequireOrSkip(File.Exists("/usr/bin/script"), "util-linux 'script' (for a pseudo-terminal) is not installed");
        using var folder = new TempDirectory("mc-cli");
        var database = new SqliteFile(folder.File("notes.db"));
        var command = $"dotnet {Mchain.ToolPath} upgrade --database sqlite:///notes.db --assembly {Assets.Linear}";

        // script(1) runs the tool on a pseudo-terminal, as if a person were watching.
        var result = await ProcessRunner.RunAsync("/usr/bin/script", new[] { "-qec", command, "/dev/null" }, folder.Path,
            Mchain.Environment(new Dictionary<string, string?> { ["CLI_ASSETS_SLEEP_MS"] = "1500", ["TERM"] = "xterm" }),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"\r\u001b\[2Kupgrading \[#*-*\] [0-3]/3  0002_add_tags \d\.\d s", result.Output);
        Assert.Contains("\u001b[32mok\u001b[0m upgrade   0002_add_tags ", result.Output);
        Assert.DoesNotMatch(@"\d{4}-\d\d-\d\dT\d\d:", result.Output);
        Assert.Equal(3, database.Recorded().Count);
    }
}
