using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Testing.Support;

namespace MigrationChain.Hosting.Tests;

/// <summary>Startup = Migrate, with real generic hosts in this process.</summary>
public sealed class StartupMigrationTests(PostgresFixture postgres) : IDisposable
{
    private const int Migrations = 6;

    private readonly TestHosts _hosts = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SeveralHostsStartedTogether_ApplyEachMigrationOnce_AndNoneServesBeforeTheDatabaseIsAtHead(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        var logs = Enumerable.Range(0, 4).Select(_ => new RecordingLoggerProvider()).ToList();
        var probes = logs.Select(_ => new ServingProbe()).ToList();
        var hosts = logs.Select((log, i) => _hosts.Build(log, MigrationStartup.Migrate,
            services: s => s.AddSingleton<IHostedService>(sp => probes[i].Attach(sp)))).ToList();

        await Task.WhenAll(hosts.Select(h => Task.Run(() => h.StartAsync(Cancel), Cancel)));

        // h001..h005 record themselves; a migration that ran twice would show as a second row.
        Assert.Equal(5, await _hosts.CountAsync("SELECT count(*) FROM executions"));
        Assert.Equal(5, await _hosts.CountAsync("SELECT count(DISTINCT revision) FROM executions"));
        Assert.All(probes, p => Assert.Equal(new[] { "h006_slow" }, p.CurrentWhenServing));
        Assert.Equal(Migrations, logs.Sum(l => l.Events(MigrationChainEventIds.MigrationCompleted).Count()));
        await Task.WhenAll(hosts.Select(h => h.StopAsync(Cancel)));
    }

    [Fact]
    public async Task SchemaOption_MigratesTheTenantsSchema_AndLeavesTheDefaultPathAlone()
    {
        await _hosts.CreateDatabaseAsync(Provider.Postgres);
        var host = _hosts.Build(new RecordingLoggerProvider(), MigrationStartup.Migrate, options => options.Schema = "tenant_hosted");

        await host.StartAsync(Cancel);

        Assert.Equal(Migrations, await _hosts.CountAsync("SELECT count(*) FROM tenant_hosted.migration_history"));
        Assert.Equal(5, await _hosts.CountAsync("SELECT count(*) FROM tenant_hosted.executions"));
        Assert.Equal(0, await _hosts.CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('migration_history', 'executions')"));
        await host.StopAsync(Cancel);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SecondStart_FindsTheDatabaseAtHead_AndSaysSoOnce(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        var first = new RecordingLoggerProvider();
        var second = new RecordingLoggerProvider();
        await _hosts.Build(first, MigrationStartup.Migrate).StartAsync(Cancel);

        await _hosts.Build(second, MigrationStartup.Migrate).StartAsync(Cancel);

        var migrated = Assert.Single(first.Events(MigrationChainEventIds.Migrated));
        Assert.Equal(Migrations, migrated["Count"]);
        var atHead = Assert.Single(second.Events(MigrationChainEventIds.AlreadyAtHead));
        Assert.Equal("h006_slow", atHead["Heads"]?.ToString());
        Assert.Empty(second.Events(MigrationChainEventIds.PlanChosen));
    }

    [Fact]
    public async Task StartupNone_LeavesTheDatabaseAlone_AndNeverBuildsTheRunnerAtStartup()
    {
        await _hosts.CreateDatabaseAsync(Provider.Sqlite);
        var logs = new RecordingLoggerProvider();
        var host = _hosts.Build(logs, MigrationStartup.None, options => options.ConnectionStringName = "NoSuchName");

        await host.StartAsync(Cancel);

        Assert.DoesNotContain(logs.Entries, e => e.Category == "MigrationChain");
        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<MigrationRunner>());
        Assert.Equal("MigrationChain: the configuration has no connection string named 'NoSuchName' (ConnectionStrings:NoSuchName).", error.Message);
    }

    public void Dispose() => _hosts.Dispose();

    /// <summary>Stands in for the application's first service (a web server): records where the database is when it starts.</summary>
    private sealed class ServingProbe : IHostedService
    {
        private MigrationRunner? _runner;

        public IReadOnlyList<string>? CurrentWhenServing { get; private set; }

        public ServingProbe Attach(IServiceProvider services)
        {
            _runner = services.GetRequiredService<MigrationRunner>();
            return this;
        }

        public async Task StartAsync(CancellationToken cancellationToken) =>
            CurrentWhenServing = await _runner!.CurrentAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
