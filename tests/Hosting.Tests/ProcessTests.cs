using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Testing.Support;

namespace MigrationChain.Hosting.Tests;

/// <summary>The host app as separate processes, as instances of one service start in a deployment.</summary>
public sealed class ProcessTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestHosts _hosts = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ThreeInstancesStartingAtOnce_MigrateEachRevisionOnce_AndEachServesOnlyOnceAtHead(Provider provider)
    {
        var connection = await _hosts.CreateDatabaseAsync(provider);
        var environment = HostAppProcess.Environment(connection, MigrationStartup.Migrate);
        environment["HOSTAPP_SLEEP_MS"] = "40";

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => HostAppProcess.RunAsync(environment)));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(5, await _hosts.CountAsync("SELECT count(*) FROM executions"));
        Assert.Equal(5, await _hosts.CountAsync("SELECT count(DISTINCT revision) FROM executions"));
        var logs = results.Select(r => JsonLogLine.Parse(r.Output)).ToList();
        var completed = logs.SelectMany(l => l).Where(l => l.EventId == MigrationChainEventIds.MigrationCompleted).ToList();
        Assert.Equal(new[] { "h001", "h002", "h003", "h004", "h005", "h006_slow" }, completed.Select(l => l.State["Revision"]).Order(StringComparer.Ordinal));
        Assert.All(completed, l => Assert.True(double.Parse(l.State["DurationMs"], System.Globalization.CultureInfo.InvariantCulture) >= 0));
        Assert.All(logs, log =>
        {
            var serving = Assert.Single(log, l => l.Category.EndsWith("ServingProbe", StringComparison.Ordinal));
            Assert.Equal("h006_slow", serving.State["Current"]);
            var startup = Assert.Single(log, l => l.EventId is MigrationChainEventIds.Migrated or MigrationChainEventIds.AlreadyAtHead);
            Assert.True(log.ToList().IndexOf(startup) < log.ToList().IndexOf(serving), "the app served before the startup migration finished");
        });
        Assert.All(results, r => Assert.DoesNotContain(TestHosts.Password, r.All, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task VerifyOnADatabaseBehind_RefusesToStart_WithTheMessageOnStandardError(Provider provider)
    {
        var connection = await _hosts.CreateDatabaseAsync(provider);
        await _hosts.Runner().UpgradeAsync("h005", Cancel);

        var result = await HostAppProcess.RunAsync(HostAppProcess.Environment(connection, MigrationStartup.Verify));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(" is not at head: 1 migration is pending (h006_slow); it is at h005.", result.Error);
        Assert.Contains("MigrationChain Startup = Verify", result.Error);
        Assert.DoesNotContain(JsonLogLine.Parse(result.Output), l => l.Category.EndsWith("ServingProbe", StringComparison.Ordinal));
        Assert.Equal(new[] { "h005" }, await _hosts.Runner().CurrentAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SigtermDuringAMigration_RollsItBack_AndTheNextStartFinishesTheJob(Provider provider)
    {
        var connection = await _hosts.CreateDatabaseAsync(provider);
        var slow = HostAppProcess.Environment(connection, MigrationStartup.Migrate);
        slow["HOSTAPP_SLOW"] = "1";
        var (process, output) = await HostAppProcess.StartAsync(slow,
            l => l.EventId == MigrationChainEventIds.MigrationStarting && l.State["Revision"] == "h006_slow");
        string log;
        using (process)
        {
            await Task.Delay(300, Cancel);
            await ProcessRunner.RunAsync("kill", new[] { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: Cancel);
            await process.WaitForExitAsync(Cancel).WaitAsync(TimeSpan.FromSeconds(30), Cancel);

            Assert.Equal(3, process.ExitCode);

            // The output pump reads the process's streams to the end: finish it before the process is disposed.
            log = await output;
        }

        Assert.Contains(JsonLogLine.Parse(log), l => l.EventId == MigrationChainEventIds.StartupCancelled);
        Assert.Equal(new[] { "h005" }, await _hosts.Runner().CurrentAsync(Cancel));
        Assert.False(await _hosts.TableExistsAsync("h_slow"));

        var again = await HostAppProcess.RunAsync(HostAppProcess.Environment(connection, MigrationStartup.Migrate));

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(new[] { "h006_slow" }, await _hosts.Runner().CurrentAsync(Cancel));
        Assert.Equal(5, await _hosts.CountAsync("SELECT count(*) FROM executions"));
    }

    public void Dispose() => _hosts.Dispose();
}
