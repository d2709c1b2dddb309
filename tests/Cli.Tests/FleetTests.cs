using System.Text.Json;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// A fleet of SQLite files (one per project), one of them broken: it fails alone, the others are migrated, each
/// was backed up first, and the summary and the exit code say so.
/// </summary>
public class FleetTests
{
    private const string Glob = "projects/*/memory.db";

    // Each database is planned and migrated by one worker as the fleet streams in (memory stays flat however large the
    // fleet): there is no plan table before the runs any more; the summary's FROM, TO and APPLIED say what the plan
    // was, and --dry-run prints the plan alone.
    [Fact]
    public async Task UpgradingAFleet_MigratesAllButTheBrokenOne_BacksUp_AndSummarizesInListOrder()
    {
        using var folder = new TempDirectory("mc-fleet");
        var (alpha, beta, gamma, delta) = await FleetAsync(folder);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--databases", Glob, "--parallel", "2", "--assembly", Assets.Linear);

        Assert.Equal(7, result.ExitCode);
        var output = result.Output;
        Assert.DoesNotContain("PLAN", output);
        Assert.Matches(@"projects/alpha/memory\.db\s+up to date\s+0003_note_tags\s+0003_note_tags\s+0", output);
        Assert.Matches(@"projects/gamma/memory\.db\s+upgraded\s+\(base\)\s+0003_note_tags\s+3\s+\d+", output);
        var rows = new[] { "alpha", "beta", "delta", "gamma" }.Select(n => output.IndexOf($"projects/{n}/memory.db  ", output.IndexOf("DATABASE", StringComparison.Ordinal), StringComparison.Ordinal)).ToList();
        Assert.True(rows.All(r => r > 0) && rows.SequenceEqual(rows.Order()), output);
        Assert.Contains("[projects/beta/memory.db] upgrade 0003_note_tags done in ", output);
        Assert.Matches(@"projects/delta/memory\.db\s+FAILED \[1\]\s+0001_create_notes\s+0001_create_notes\s+0", output);
        Assert.Matches(@"projects/beta/memory\.db\s+upgraded\s+0001_create_notes\s+0003_note_tags\s+2\s+\d+", output);
        Assert.Contains("2 upgraded, 1 already up to date, 1 failed.", output);
        Assert.Contains("[1] projects/delta/memory.db: Upgrade of '0002_add_tags' failed in statement:", result.Error);

        Assert.Equal(3, alpha.Recorded().Count);
        Assert.Equal(3, beta.Recorded().Count);
        Assert.Equal(3, gamma.Recorded().Count);
        Assert.Equal(new[] { "0001_create_notes" }, delta.Recorded());

        var betaBackup = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(beta.Path)!, "memory.db.*.bak"));
        Assert.Equal(new[] { "0001_create_notes" }, new SqliteFile(betaBackup).Recorded());
        Assert.Contains($"[projects/beta/memory.db] backup written: {betaBackup}", output);
        // delta's run changed nothing (its first migration rolled back), so its backup would only be clutter.
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(delta.Path)!, "memory.db.*.bak"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(alpha.Path)!, "*.bak"));
    }

    [Fact]
    public async Task DryRun_PrintsThePlan_AndStopsThere()
    {
        using var folder = new TempDirectory("mc-fleet");
        var (alpha, beta, gamma, delta) = await FleetAsync(folder);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--dry-run", "--databases", Glob, "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("4 database(s): 1 up to date, 3 need migrations, 0 refused, 0 cannot be read.", result.Output);
        Assert.Contains("Dry run: nothing was changed.", result.Output);
        Assert.DoesNotContain(" done in ", result.Output);
        Assert.Equal(new[] { 3, 1, 1 }, new[] { alpha, beta, delta }.Select(d => d.Recorded().Count));
        Assert.Equal(0, new FileInfo(gamma.Path).Length);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.bak", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task CheckAndCurrentOverAFleet_TellWhichAreBehind_AndWhichCannotBeRead()
    {
        using var folder = new TempDirectory("mc-fleet");
        await FleetAsync(folder);

        var check = await Mchain.RunAsync(folder.Path, "check", "--databases", Glob, "--assembly", Assets.Linear);
        Directory.CreateDirectory(folder.File("projects/epsilon"));
        File.WriteAllText(folder.File("projects/epsilon/memory.db"), new string('x', 2048));
        var current = await Mchain.RunAsync(folder.Path, "current", "--databases", Glob, "--assembly", Assets.Linear);

        Assert.Equal(4, check.ExitCode);
        Assert.Contains("STATUS", check.Output);
        Assert.Contains("4 database(s): 1 up to date, 3 need migrations, 0 refused, 0 cannot be read.", check.Output);
        Assert.Equal(7, current.ExitCode);
        Assert.Matches(@"projects/epsilon/memory\.db\s+\(cannot be read\)\s+cannot be read \[1\]", current.Output);
        Assert.Contains("5 database(s): 1 up to date, 3 need migrations, 0 refused, 1 cannot be read.", current.Output);
    }

    [Fact]
    public async Task FleetAsJson_ListsEachDatabasesPlan()
    {
        using var folder = new TempDirectory("mc-fleet");
        await FleetAsync(folder);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--json", "--dry-run", "--databases", Glob, "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var databases = json.RootElement.GetProperty("databases").EnumerateArray().ToDictionary(d => d.GetProperty("database").GetString()!);
        Assert.Equal(4, databases.Count);
        Assert.Equal(0, databases["projects/alpha/memory.db"].GetProperty("plan").GetArrayLength());
        Assert.Equal(3, databases["projects/gamma/memory.db"].GetProperty("plan").GetArrayLength());
        Assert.Equal("0001_create_notes", databases["projects/beta/memory.db"].GetProperty("before")[0].GetString());
    }

    [Fact]
    public async Task AGlobMatchingNothing_IsAUsageError()
    {
        using var folder = new TempDirectory("mc-fleet");

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--databases", "nowhere/*/x.db", "--assembly", Assets.Linear);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No file matches 'nowhere/*/x.db'.", result.Error);
    }

    /// <summary>alpha at head, beta at 0001, gamma an empty file, delta at 0001 with a hand-made 'tags' table in 0002's way.</summary>
    private static async Task<(SqliteFile Alpha, SqliteFile Beta, SqliteFile Gamma, SqliteFile Delta)> FleetAsync(TempDirectory folder)
    {
        SqliteFile Project(string name)
        {
            Directory.CreateDirectory(folder.File($"projects/{name}"));
            return new SqliteFile(folder.File($"projects/{name}/memory.db"));
        }

        var (alpha, beta, gamma, delta) = (Project("alpha"), Project("beta"), Project("gamma"), Project("delta"));
        var prepared = await Task.WhenAll(
            Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", alpha.Url, "--assembly", Assets.Linear),
            Mchain.RunAsync(folder.Path, "upgrade", "0001", "--no-backup", "--database", beta.Url, "--assembly", Assets.Linear),
            Mchain.RunAsync(folder.Path, "upgrade", "0001", "--no-backup", "--database", delta.Url, "--assembly", Assets.Linear));
        Assert.All(prepared, r => Assert.True(r.ExitCode == 0, r.ToString()));
        File.WriteAllBytes(gamma.Path, Array.Empty<byte>());
        delta.Execute("CREATE TABLE tags (id INTEGER PRIMARY KEY)");
        return (alpha, beta, gamma, delta);
    }
}
