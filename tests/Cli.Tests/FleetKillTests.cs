using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// kill -9 of the tool in the middle of a fleet, several times at random moments: every database is left at its old
/// revision or a newer one with exactly the migrations it records (each migration commits with its version row), and
/// running the same command again brings the rest to head without applying any migration twice.
/// </summary>
public class FleetKillTests
{
    private static readonly string[] Chain = { "l0001_log", "l0002_first", "l0003_second", "l0004_third", "l0005_fourth" };

    [Fact]
    public async Task KilledAtRandomMomentsMidFleet_EveryDatabaseIsConsistent_AndARerunCompletesTheRest()
    {
        using var folder = new TempDirectory("mc-fleet-kill");
        Directory.CreateDirectory(folder.File("tenants"));
        var tenants = Enumerable.Range(0, 40).Select(i => new SqliteFile(folder.File($"tenants/t{i:00}.db"))).ToList();
        tenants.ForEach(t => File.WriteAllBytes(t.Path, Array.Empty<byte>()));
        string[] command = { Mchain.ToolPath, "upgrade", "--no-backup", "--databases", "tenants/*.db", "--parallel", "4", "--assembly", Assets.Logged };
        var environment = Mchain.Environment(new Dictionary<string, string?> { ["LOGGED_PAUSE_MS"] = "25" });

        var seed = await FleetKiller.KillAtRandomMomentsAsync(command, folder.Path, environment, tenants.Count,
            s => Assert.All(tenants, t => AssertConsistent(t, s)),
            () => tenants.Count(t => Recorded(t).Count == Chain.Length));

        var rerun = await Mchain.RunAsync(folder.Path, environment, command.Skip(1).ToArray());

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.All(tenants, t =>
        {
            AssertConsistent(t, seed);
            Assert.Equal(Chain, Recorded(t));
        });
    }

    /// <summary>
    /// What a database records is a prefix of the chain, every row applied, and its log holds each recorded migration
    /// exactly once and nothing else: no migration half applied, none applied twice.
    /// </summary>
    private static void AssertConsistent(SqliteFile tenant, int seed)
    {
        if (new FileInfo(tenant.Path).Length == 0)
        {
            return;
        }

        var recorded = Recorded(tenant);
        Assert.True(Chain.Take(recorded.Count).SequenceEqual(recorded), $"{tenant.Path} records {string.Join(", ", recorded)} (seed {seed})");
        if (recorded.Count == 0)
        {
            Assert.DoesNotContain("applied_log", tenant.Tables());
            return;
        }

        Assert.All(tenant.Strings("SELECT state FROM migration_history"), state => Assert.Equal("applied", state));
        var logged = tenant.Strings("SELECT revision FROM applied_log ORDER BY rowid");
        Assert.Equal(recorded.Skip(1), logged);
        var tables = tenant.Tables();
        Assert.All(Chain.Skip(1), revision => Assert.Equal(recorded.Contains(revision), tables.Contains(revision)));
    }

    private static List<string> Recorded(SqliteFile tenant) =>
        tenant.Strings("SELECT name FROM sqlite_master WHERE name = 'migration_history'").Count == 0
            ? new List<string>()
            : tenant.Strings("SELECT revision FROM migration_history ORDER BY revision");
}
