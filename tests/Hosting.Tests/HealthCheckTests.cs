using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Testing.Support;

namespace MigrationChain.Hosting.Tests;

/// <summary>The health check, registered as an application registers it and run by the real HealthCheckService.</summary>
public sealed class HealthCheckTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestHosts _hosts = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task PendingMigrations_AreReportedWithTheFailureStatus_ThenHealthyOnceMigrated(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        await _hosts.Runner().UpgradeAsync("h004", Cancel);
        var host = _hosts.Build(new RecordingLoggerProvider(), MigrationStartup.None,
            services: s => s.AddHealthChecks().AddCheck<MigrationChainHealthCheck>("migrations"));
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var before = (await health.CheckHealthAsync(Cancel)).Entries["migrations"];
        await host.Services.GetRequiredService<MigrationRunner>().UpgradeHeadAsync(Cancel);
        var after = (await health.CheckHealthAsync(Cancel)).Entries["migrations"];

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal("2 migrations are pending: h005, h006_slow (the database is at h004).", before.Description);
        Assert.Equal(new[] { "h005", "h006_slow" }, (IEnumerable<string>)before.Data["pending"]);
        Assert.Equal(2, before.Data["pendingCount"]);
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Equal("At head (h006_slow).", after.Description);
        Assert.Equal(0, after.Data["pendingCount"]);
    }

    [Fact]
    public async Task RegisteredAsDegraded_PendingMigrationsDegradeRatherThanFail()
    {
        await _hosts.CreateDatabaseAsync(Provider.Sqlite);
        var host = _hosts.Build(new RecordingLoggerProvider(), MigrationStartup.None,
            services: s => s.AddHealthChecks().AddCheck<MigrationChainHealthCheck>("migrations", HealthStatus.Degraded));

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancel);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal("6 migrations are pending: h001, h002, h003, h004, h005, h006_slow (the database is at base).", report.Entries["migrations"].Description);
    }

    [Fact]
    public async Task UnreadableDatabase_IsReportedWithTheReason()
    {
        await _hosts.CreateDatabaseAsync(Provider.Sqlite);
        var host = _hosts.Build(new RecordingLoggerProvider(), MigrationStartup.None,
            options => { options.ConnectionStringName = null; options.ConnectionString = "Data Source=/no/such/folder/app.db"; },
            services: s => s.AddHealthChecks().AddCheck<MigrationChainHealthCheck>("migrations"));

        var entry = (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancel)).Entries["migrations"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("Could not read the migration state: ", entry.Description);
        Assert.Contains("unable to open database file", entry.Description);
        Assert.NotNull(entry.Exception);
    }

    [Fact]
    public async Task DatabaseAheadOfThisBuild_IsDegradedSoAnOldReplicaStaysReadyDuringARollout()
    {
        await _hosts.CreateDatabaseAsync(Provider.Sqlite);
        await _hosts.Runner().UpgradeHeadAsync(Cancel);
        await _hosts.ScalarAsync("INSERT INTO migration_history (revision, parents, state, applied_at) VALUES ('h007_newer', 'h006_slow', 'applied', '2030-01-01T00:00:00.0000000Z')");
        var host = _hosts.Build(new RecordingLoggerProvider(), MigrationStartup.None,
            services: s => s.AddHealthChecks().AddCheck<MigrationChainHealthCheck>("migrations"));

        var entry = (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancel)).Entries["migrations"];

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.StartsWith("The database is ahead of this build: ", entry.Description);
        Assert.Contains("h007_newer", entry.Description);
        Assert.Equal(new[] { "h007_newer" }, (IEnumerable<string>)entry.Data["ahead"]);
    }

    public void Dispose() => _hosts.Dispose();
}
