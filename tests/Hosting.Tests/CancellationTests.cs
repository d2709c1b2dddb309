using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Testing.Support;

namespace MigrationChain.Hosting.Tests;

/// <summary>The host is asked to stop while the startup migration runs (what Ctrl+C and SIGTERM do).</summary>
public sealed class CancellationTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestHosts _hosts = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task StopDuringAMigration_RollsItBack_LeavingTheLastCommittedRevisionAndNothingHalfDone(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        var logs = new RecordingLoggerProvider();
        var host = _hosts.Build(logs, MigrationStartup.Migrate, options => options.UseRunner((_, runnerOptions) => SlowChain.Runner(_hosts, runnerOptions)));
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        logs.Logged += entry =>
        {
            // Stop a moment after the slow statement has started, so it is cancelled mid-flight.
            if (entry.EventId.Id == MigrationChainEventIds.MigrationStarting && Equals(entry["Revision"], "s002_slow"))
            {
                _ = Task.Delay(300, Cancel).ContinueWith(_ => lifetime.StopApplication(), Cancel, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.StartAsync(Cancel));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.Single(logs.Events(MigrationChainEventIds.StartupCancelled));
        Assert.Single(logs.Events(MigrationChainEventIds.MigrationCompleted), e => Equals(e["Revision"], "s001_quick"));
        Assert.False(await _hosts.TableExistsAsync("slow_marker"));
        var runner = SlowChain.Runner(_hosts, new MigrationRunnerOptions());
        Assert.Equal(new[] { "s001_quick" }, await runner.CurrentAsync(Cancel));
        Assert.Equal(new[] { "s002_slow" }, await runner.PendingAsync(Cancel));
    }

    public void Dispose() => _hosts.Dispose();
}
