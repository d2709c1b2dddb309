using System.Text;
using System.Text.Json;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// restore puts a backup back only after checking a copy of it, refuses while a runner holds the database, handles
/// WAL databases and leftover -wal files, and says which revision the database is at afterwards; retention keeps the
/// newest N backups and never deletes the one just taken.
/// </summary>
public class RestoreTests
{
    [Fact]
    public async Task RestoringTheBackupOfAnUpgrade_PutsTheDatabaseBack_AndSaysWhereItIs()
    {
        using var folder = new TempDirectory("mc-restore");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        database.Execute("PRAGMA journal_mode = WAL; INSERT INTO notes (body) VALUES ('before the upgrade')");
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);
        var backup = Assert.Single(Directory.GetFiles(folder.Path, "notes.db.*.bak"));
        database.Execute("INSERT INTO notes (body) VALUES ('after the upgrade')");

        var result = await Mchain.RunAsync(folder.Path, "restore", backup, "--database", database.Url);
        var current = await Mchain.RunAsync(folder.Path, "current", "--database", database.Url, "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Restored notes.db from {backup} (integrity check ok).", result.Output);
        Assert.Contains("notes.db is now at 0001_create_notes.", result.Output);
        Assert.Equal(new[] { "before the upgrade" }, database.Strings("SELECT body FROM notes"));
        Assert.Equal(new[] { "wal" }, database.Strings("PRAGMA journal_mode"));
        Assert.Equal(new[] { "ok" }, database.Strings("PRAGMA integrity_check"));
        Assert.StartsWith("notes.db: 0001_create_notes", current.Output);
        var files = Directory.GetFiles(folder.Path).Select(Path.GetFileName).Where(f => !f!.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, files.Count);
        Assert.Equal("notes.db", files[0]);
        Assert.Contains(Path.GetFileName(backup), files);
        var replaced = new SqliteFile(folder.File(files.Single(f => f != "notes.db" && f != Path.GetFileName(backup))!));
        Assert.Contains($"backup of the database it replaced: {replaced.Path}", result.All);
        Assert.Equal(new[] { "before the upgrade", "after the upgrade" }, replaced.Strings("SELECT body FROM notes ORDER BY id"));
        Assert.False(File.Exists(backup + "-wal"));
        Assert.False(File.Exists(backup + "-shm"));
    }

    [Fact]
    public async Task ADamagedBackup_IsRefusedBeforeAnythingIsTouched()
    {
        using var folder = new TempDirectory("mc-restore");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "--database", database.Url, "--assembly", Assets.Linear);
        File.WriteAllText(folder.File("notes.txt"), "not a backup");
        var damaged = folder.File("damaged.bak");
        File.Copy(database.Path, damaged);
        using (var stream = new FileStream(damaged, FileMode.Open))
        {
            // Page 2 onwards: the header still says SQLite, the b-tree pages are garbage.
            stream.Position = 4096;
            stream.Write(Encoding.ASCII.GetBytes(new string('z', 4096)));
        }

        var before = File.ReadAllBytes(database.Path);
        var result = await Mchain.RunAsync(folder.Path, "restore", damaged, "--database", database.Url);
        var notSqlite = await Mchain.RunAsync(folder.Path, "restore", folder.File("notes.txt"), "--database", database.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is damaged", result.Error);
        Assert.Contains("nothing was changed", result.Error);
        Assert.Equal(before, File.ReadAllBytes(database.Path));
        Assert.Equal(2, notSqlite.ExitCode);
        Assert.Contains("is not a SQLite database; nothing was changed.", notSqlite.Error);
        Assert.Equal(before, File.ReadAllBytes(database.Path));
        Assert.Equal(new[] { "damaged.bak", "notes.db", "notes.txt" }, Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WhileAnotherRunnerHoldsTheDatabase_RestoreRefuses_AndChangesNothing()
    {
        using var folder = new TempDirectory("mc-restore");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        var backup = folder.File("copy.bak");
        File.Copy(database.Path, backup);
        // The runner holds SQLite's write lock inside 0002_add_tags until the test writes the release file.
        var release = folder.File("release-the-runner");
        var held = Mchain.Environment(new Dictionary<string, string?> { ["CLI_ASSETS_WAIT_FILE"] = release });
        using var runner = ProcessRunner.Start("dotnet", new[] { Mchain.ToolPath, "upgrade", "--no-backup", "--database", database.Url, "--assembly", Assets.Linear }, folder.Path, held);
        var runnerOutput = new StringBuilder();
        var pumps = new[] { runner.StandardOutput, runner.StandardError }.Select(reader => Task.Run(async () =>
        {
            while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                lock (runnerOutput)
                {
                    runnerOutput.AppendLine(line);
                }
            }
        })).ToArray();
        ProcessResult result;
        string[] filesWhileHeld;
        try
        {
            // The runner says when it is inside 0002_add_tags's transaction, holding the lock.
            for (var waited = 0; waited < 1200 && !File.Exists(release + ".waiting") && !runner.HasExited; waited++)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            result = await Mchain.RunAsync(folder.Path, "restore", backup, "--lock-timeout", "1", "--database", database.Url);
            filesWhileHeld = Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)!)
                .Where(f => !f.StartsWith("release-", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith("-journal", StringComparison.Ordinal) && !f.EndsWith("-lock", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToArray();
        }
        finally
        {
            File.WriteAllText(release, string.Empty);
        }

        await runner.WaitForExitAsync(TestContext.Current.CancellationToken);
        await Task.WhenAll(pumps);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("--lock-timeout", result.Error);
        Assert.Equal(new[] { "copy.bak", "notes.db" }, filesWhileHeld);
        Assert.True(runner.ExitCode == 0, runnerOutput.ToString());
        Assert.Equal(3, database.Recorded().Count);
    }

    [Fact]
    public async Task ALeftoverWalBesideAMissingDatabase_IsNotReplayedIntoTheRestoredOne()
    {
        using var folder = new TempDirectory("mc-restore");
        var source = new SqliteFile(folder.File("source.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", source.Url, "--assembly", Assets.Linear);
        File.Copy(source.Path, folder.File("good.bak"));

        // A WAL full of another database's pages, left behind when its database file was deleted.
        var other = new SqliteFile(folder.File("other.db"));
        using (var connection = other.Open())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE unrelated (x); INSERT INTO unrelated VALUES (1);";
            command.ExecuteNonQuery();
            File.Copy(other.Path + "-wal", folder.File("notes.db-wal"));
        }

        var result = await Mchain.RunAsync(folder.Path, "restore", "good.bak", "--json", "--database", "sqlite:///notes.db");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("0001_create_notes", json.RootElement.GetProperty("revisions")[0].GetString());
        var restored = new SqliteFile(folder.File("notes.db"));
        Assert.Equal(new[] { "ok" }, restored.Strings("PRAGMA integrity_check"));
        Assert.Equal(new[] { "notes" }, restored.Tables());
    }

    [Fact]
    public async Task KeepBackups_DeletesTheOldest_NeverTheOneJustTaken()
    {
        using var folder = new TempDirectory("mc-restore");
        var database = new SqliteFile(folder.File("notes.db"));
        await Mchain.RunAsync(folder.Path, "upgrade", "0001", "--database", database.Url, "--assembly", Assets.Linear);
        var taken = new List<string>();
        foreach (var target in new[] { "0002", "0003" })
        {
            await Mchain.RunAsync(folder.Path, "upgrade", target, "--keep-backups", "2", "--database", database.Url, "--assembly", Assets.Linear);
            taken.Add(Directory.GetFiles(folder.Path, "notes.db.*.bak").Except(taken).Single());
        }

        var downgrade = await Mchain.RunAsync(folder.Path, "downgrade", "0001", "--keep-backups", "2", "--database", database.Url, "--assembly", Assets.Linear);
        var kept = Directory.GetFiles(folder.Path, "notes.db.*.bak").Order(StringComparer.Ordinal).ToList();
        var keepOne = await Mchain.RunAsync(folder.Path, "upgrade", "--keep-backups", "1", "--database", database.Url, "--assembly", Assets.Linear);
        var last = Assert.Single(Directory.GetFiles(folder.Path, "notes.db.*.bak"));

        Assert.True(downgrade.ExitCode == 0, downgrade.ToString());
        Assert.Equal(2, kept.Count);
        Assert.DoesNotContain(taken[0], kept);
        Assert.Contains(taken[1], kept);
        Assert.Contains($"old backup deleted (--keep-backups 2): {taken[0]}", downgrade.All);
        Assert.True(keepOne.ExitCode == 0, keepOne.ToString());
        Assert.DoesNotContain(last, kept);
        Assert.Equal(new[] { "0001_create_notes" }, new SqliteFile(last).Recorded());
    }
}
