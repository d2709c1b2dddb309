using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Sqlite;

public class SqliteConcurrencyTests
{
    [Fact]
    public async Task ThreeProcessesUpgradingOneFileAtOnce_RunEachMigrationExactlyOnce_AndAllSucceed()
    {
        using var db = new SqliteDatabase();
        var app = TestEnvironment.BuiltOutput("tests/RunnerApp", "MigrationChain.Tests.RunnerApp.dll");
        var environment = new Dictionary<string, string?> { ["RUNNERAPP_SLEEP_MS"] = "15" };

        var runs = Enumerable.Range(0, 3)
            .Select(_ => ProcessRunner.RunAsync("dotnet", new[] { app, "sqlite", db.ConnectionString, "upgrade" }, environment: environment, timeout: TimeSpan.FromMinutes(2)))
            .ToList();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(30, results.Sum(r => int.Parse(r.Output.Trim().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(30L, db.Scalar("SELECT count(*) FROM executions"));
        Assert.Equal(30L, db.Scalar("SELECT count(DISTINCT revision) FROM executions"));
        Assert.Equal(30, db.Recorded().Count);
    }

    [Fact]
    public void WriterHoldingTheDatabase_EndsInALockTimeout_NotAHang()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { LockTimeout = TimeSpan.FromSeconds(1) });
        runner.Upgrade("0001");
        using var holder = db.Open();
        using var transaction = holder.BeginTransaction();

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<MigrationLockTimeoutException>(() => runner.UpgradeHead());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
        Assert.Contains("LockTimeout", error.Message);
        transaction.Rollback();
        Assert.Equal(new[] { "0001_users" }, db.Recorded());
    }
}
