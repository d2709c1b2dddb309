using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// A fleet's rollout policy: canaries go first and a failed one stops the run; --max-failures stops starting new
/// databases and the summary lists the ones not attempted; --shard splits a fleet between processes, each database in
/// exactly one part, the same part every time; bad values are refused before anything is touched.
/// </summary>
public class FleetRolloutTests
{
    private const string Glob = "tenants/*.db";

    [Fact]
    public async Task AFailedCanary_StopsTheRun_AndNoOtherDatabaseIsTouched()
    {
        using var folder = new TempDirectory("mc-rollout");
        var tenants = Tenants(folder, 6, broken: 3);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--json", "--databases", Glob, "--canary", "tenants/t03.db,tenants/t01.db", "--parallel", "2", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 7, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var outcomes = Outcomes(json);
        Assert.Equal("failed", outcomes["tenants/t03.db"]);
        Assert.Equal("upgraded", outcomes["tenants/t01.db"]);
        Assert.All(new[] { 0, 2, 4, 5 }, i => Assert.Equal("notAttempted", outcomes[$"tenants/t{i:00}.db"]));
        Assert.Equal(4, json.RootElement.GetProperty("notAttempted").GetInt32());
        Assert.Contains("canary failed", json.RootElement.GetProperty("stopped").GetString());
        Assert.All(new[] { 0, 2, 4, 5 }, i => Assert.Equal(0, new FileInfo(tenants[i].Path).Length));
        Assert.Equal(3, tenants[1].Recorded().Count);
    }

    [Fact]
    public async Task NamedCanaries_RunBeforeEveryOtherDatabase()
    {
        using var folder = new TempDirectory("mc-rollout");
        var tenants = Tenants(folder, 4);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--databases", Glob, "--canary", "tenants/t03.db", "--parallel", "1", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Canaries first: tenants/t03.db.", result.Error);
        var starts = Enumerable.Range(0, 4).Select(i => result.Output.IndexOf($"[tenants/t{i:00}.db] upgrading to heads", StringComparison.Ordinal)).ToList();
        Assert.True(starts.All(s => s >= 0) && starts[3] < starts.Take(3).Min(), result.Output);
        Assert.All(tenants, t => Assert.Equal(3, t.Recorded().Count));
    }

    [Fact]
    public async Task MaxFailures_StopsStartingDatabases_AndTheSummaryListsTheOnesNotAttempted()
    {
        using var folder = new TempDirectory("mc-rollout");
        var tenants = Tenants(folder, 6, broken: new[] { 1, 2 });

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--databases", Glob, "--max-failures", "1", "--parallel", "1", "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Matches(@"tenants/t00\.db\s+upgraded", result.Output);
        Assert.Matches(@"tenants/t01\.db\s+refused \[1\]", result.Output);
        Assert.All(new[] { 2, 3, 4, 5 }, i => Assert.Matches($@"tenants/t0{i}\.db\s+not attempted\s+\(not read\)", result.Output));
        Assert.Contains("1 upgraded, 0 already up to date, 1 failed, 4 not attempted.", result.Output);
        Assert.Contains("Stopped: 1 database(s) failed (--max-failures 1): no further database was started.", result.Output);
        Assert.Equal(new[] { "notes" }, tenants[2].Strings("SELECT name FROM sqlite_master WHERE type = 'table'"));
        Assert.All(new[] { 3, 4, 5 }, i => Assert.Equal(0, new FileInfo(tenants[i].Path).Length));

        // Without the limit the same command goes on past the broken ones and migrates the rest.
        var rerun = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--databases", Glob, "--parallel", "1", "--assembly", Assets.Linear);
        Assert.Contains("3 upgraded, 1 already up to date, 2 failed.", rerun.Output);
    }

    [Fact]
    public async Task ThreeShards_StartedTogether_MigrateEachDatabaseExactlyOnce_AndAutoTakesTheIndexedJobsIndex()
    {
        using var folder = new TempDirectory("mc-rollout");
        var tenants = Tenants(folder, 12);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            Mchain.RunAsync(folder.Path, "upgrade", "--json", "--no-backup", "--databases", Glob, "--shard", $"{i}/3", "--assembly", Assets.Linear)));

        var parts = runs.Select(run =>
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            using var json = JsonDocument.Parse(run.Output);
            var outcomes = Outcomes(json);
            Assert.All(outcomes.Values, o => Assert.Equal("upgraded", o));
            return outcomes.Keys.ToHashSet();
        }).ToList();
        Assert.Equal(12, parts.Sum(p => p.Count));
        Assert.Equal(tenants.Select(t => "tenants/" + Path.GetFileName(t.Path)).Order(), parts.SelectMany(p => p).Order());
        Assert.All(tenants, t => Assert.Equal(3, t.Recorded().Count));

        // The part is a SHA-256 of the database's stable key (its absolute path), not a per-process string hash.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(tenants.Where(t => PartOf("sqlite://" + t.Path, 3) == i).Select(t => "tenants/" + Path.GetFileName(t.Path)).Order(), parts[i].Order());
        }

        var auto = await Mchain.RunAsync(folder.Path, new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = "1" },
            "current", "--json", "--databases", Glob, "--shard", "auto/3", "--assembly", Assets.Linear);
        Assert.True(auto.ExitCode == 0, auto.ToString());
        using var current = JsonDocument.Parse(auto.Output);
        Assert.Equal(parts[1].Order(), Outcomes(current).Keys.Order());
    }

    [Theory]
    [InlineData("--shard 4/4", "--shard 4/4: the index must be below 4")]
    [InlineData("--shard -1/4", "'-1' is not a shard index")]
    [InlineData("--shard a/b", "--shard 'a/b' is not I/N.")]
    [InlineData("--shard 1/0", "--shard '1/0' is not I/N.")]
    [InlineData("--shard auto/4", "$JOB_COMPLETION_INDEX is not set")]
    [InlineData("--canary 0", "--canary 0: give how many databases go first")]
    [InlineData("--canary tenants/t01.db,tenants/nope.db", "--canary names 'tenants/nope.db', which is not in the fleet; nothing was run.")]
    [InlineData("--max-failures 0", "--max-failures 0 would stop before the first database.")]
    [InlineData("--max-failures x", "--max-failures")]
    public async Task BadRolloutValues_AreUsageErrors_AndNothingIsTouched(string option, string message)
    {
        using var folder = new TempDirectory("mc-rollout");
        var tenants = Tenants(folder, 3);

        var result = await Mchain.RunAsync(folder.Path, new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = null },
            new[] { "upgrade", "--databases", Glob, "--assembly", Assets.Linear }.Concat(option.Split(' ')).ToArray());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Error);
        Assert.All(tenants, t => Assert.Equal(0, new FileInfo(t.Path).Length));
    }

    [Fact]
    public async Task TheRolloutPolicy_ComesFromMchainJson_Too()
    {
        using var folder = new TempDirectory("mc-rollout");
        var tenants = Tenants(folder, 4, broken: 2);
        var assembly = JsonSerializer.Serialize(Assets.Linear);
        File.WriteAllText(folder.File("mchain.json"), $$"""
            { "assembly": {{assembly}}, "databases": "{{Glob}}", "canary": ["tenants/t02.db"], "maxFailures": 1, "parallel": 1, "shard": "0/1" }
            """);

        var result = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup");
        File.WriteAllText(folder.File("mchain.json"), $$"""{ "assembly": {{assembly}}, "databases": "{{Glob}}", "shard": "5/4" }""");
        var badShard = await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup");

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Contains("0 upgraded, 0 already up to date, 1 failed, 3 not attempted.", result.Output);
        Assert.All(new[] { 0, 1, 3 }, i => Assert.Equal(0, new FileInfo(tenants[i].Path).Length));
        Assert.True(badShard.ExitCode == 2, badShard.ToString());
        Assert.Contains("--shard 5/4: the index must be below 4", badShard.Error);
    }

    [Fact]
    public async Task CurrentAsJson_IsAFleetStatusReport_WithCountsPendingDriftAndWhyATargetCannotBeRead()
    {
        using var folder = new TempDirectory("mc-rollout");
        var tenants = Tenants(folder, 4);
        await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", tenants[0].Url, "--assembly", Assets.Linear);
        await Mchain.RunAsync(folder.Path, "upgrade", "--no-backup", "--database", tenants[1].Url, "--assembly", Assets.Linear);
        tenants[1].Execute("UPDATE migration_history SET parents = '' WHERE revision = '0002_add_tags'");
        File.WriteAllText(tenants[3].Path, new string('x', 4096));

        var result = await Mchain.RunAsync(folder.Path, "current", "--json", "--databases", Glob, "--assembly", Assets.Linear);

        Assert.True(result.ExitCode == 7, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("databases").GetInt32());
        Assert.Equal(2, summary.GetProperty("atHead").GetInt32());
        Assert.Equal(1, summary.GetProperty("behind").GetInt32());
        Assert.Equal(3, summary.GetProperty("pendingMigrations").GetInt32());
        Assert.Equal(1, summary.GetProperty("drifted").GetInt32());
        Assert.Equal(1, summary.GetProperty("unreadable").GetInt32());
        var databases = json.RootElement.GetProperty("databases").EnumerateArray().ToDictionary(d => d.GetProperty("database").GetString()!);
        Assert.Equal(0, databases["tenants/t00.db"].GetProperty("pending").GetInt32());
        Assert.Equal("wrongParents", databases["tenants/t01.db"].GetProperty("drift")[0].GetProperty("kind").GetString());
        Assert.Equal(3, databases["tenants/t02.db"].GetProperty("pending").GetInt32());
        var unreadable = databases["tenants/t03.db"];
        Assert.Equal("unreadable", unreadable.GetProperty("state").GetString());
        Assert.False(unreadable.TryGetProperty("pending", out _), "a database that cannot be read has no pending count, not zero");
        Assert.Contains("is not a SQLite database", unreadable.GetProperty("error").GetProperty("message").GetString());
    }

    private static Dictionary<string, string> Outcomes(JsonDocument json) =>
        json.RootElement.GetProperty("databases").EnumerateArray()
            .ToDictionary(d => d.GetProperty("database").GetString()!, d => d.GetProperty("outcome").GetString()!);

    private static int PartOf(string key, int count) =>
        (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key))) % (ulong)count);

    /// <summary>tenants/t00.db ... as empty files (new databases); a broken one has an untracked 'notes' table, which the runner refuses to migrate over.</summary>
    private static List<SqliteFile> Tenants(TempDirectory folder, int count, params int[] broken)
    {
        Directory.CreateDirectory(folder.File("tenants"));
        var tenants = new List<SqliteFile>();
        for (var i = 0; i < count; i++)
        {
            var tenant = new SqliteFile(folder.File($"tenants/t{i:00}.db"));
            File.WriteAllBytes(tenant.Path, Array.Empty<byte>());
            if (broken.Contains(i))
            {
                tenant.Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)");
            }

            tenants.Add(tenant);
        }

        return tenants;
    }
}
