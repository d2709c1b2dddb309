using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The fleet's tables stay tables: a long error goes below, numbered, instead of stretching every row; a database
/// that was read and whose state was refused says "refused", one that could not be read says "cannot be read".
/// </summary>
public class FleetTableTests
{
    [Fact]
    public async Task ErrorsGoBelowTheTable_AndRefusedIsToldFromCannotBeRead()
    {
        using var folder = new TempDirectory("mc-fleet-table");
        SqliteFile Project(string name)
        {
            Directory.CreateDirectory(folder.File($"projects/{name}"));
            return new SqliteFile(folder.File($"projects/{name}/memory.db"));
        }

        var (good, refused, garbage) = (Project("good"), Project("refused"), Project("garbage"));
        await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", good.Url, "--assembly", Assets.Linear);
        await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", refused.Url, "--assembly", Assets.Linear);
        refused.Execute("INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('0004_deleted', '0003_note_tags', 'applied', '2026-01-01T00:00:00.000Z', 1)");
        File.WriteAllText(garbage.Path, new string('x', 4096));

        var result = await Mchain.RunAsync(folder.Path, "current", "--databases", "projects/*/memory.db", "--assembly", Assets.Linear);

        Assert.Equal(7, result.ExitCode);
        var table = result.Output.ReplaceLineEndings("\n").Split('\n').TakeWhile(l => !l.Contains("database(s):", StringComparison.Ordinal)).ToList();
        var width = table[0].TrimEnd().Length;
        Assert.All(table, line => Assert.True(line.TrimEnd().Length <= width + 20, $"'{line}' is wider than the table's header '{table[0]}'"));
        Assert.Matches(@"projects/refused/memory\.db\s+0004_deleted\s+refused \[\d\]", result.Output);
        Assert.Matches(@"projects/garbage/memory\.db\s+\(cannot be read\)\s+cannot be read \[\d\]", result.Output);
        Assert.Matches(@"projects/good/memory\.db\s+0003_note_tags\s+up to date", result.Output);
        Assert.Contains("3 database(s): 1 up to date, 0 need migrations, 1 refused, 1 cannot be read.", result.Output);
        Assert.DoesNotContain("ahead of this code", result.Output);
        Assert.Matches(@"\[\d\] projects/refused/memory\.db: The database is ahead of this code", result.Error);
        Assert.Matches(@"\[\d\] projects/garbage/memory\.db: .*is not a SQLite database", result.Error);
    }
}
