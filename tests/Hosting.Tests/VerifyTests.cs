using Microsoft.Extensions.Logging;
using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Testing.Support;

namespace MigrationChain.Hosting.Tests;

/// <summary>Startup = Verify: the database must already be at head; nothing is changed.</summary>
public sealed class VerifyTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestHosts _hosts = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DatabaseBehind_FailsStartupWithAClearMessage_AndChangesNothing(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        await _hosts.Runner().UpgradeAsync("h002", Cancel);
        var logs = new RecordingLoggerProvider();

        var error = await Assert.ThrowsAsync<DatabaseNotAtHeadException>(() => _hosts.Build(logs, MigrationStartup.Verify).StartAsync(Cancel));

        var database = provider == Provider.Sqlite ? $"SQLite database '{_hosts.ConnectionString["Data Source=".Length..]}'" : "PostgreSQL database '";
        Assert.StartsWith(database, error.Message);
        Assert.EndsWith(
            " is not at head: 4 migrations are pending (h003, h004, h005, h006_slow); it is at h002. This application verifies the " +
            "database at startup instead of migrating it (MigrationChain Startup = Verify): apply the pending migrations in your " +
            "deploy step, then start the application again.",
            error.Message);
        Assert.Equal(new[] { "h003", "h004", "h005", "h006_slow" }, error.Pending);
        var logged = Assert.Single(logs.Events(MigrationChainEventIds.NotAtHead));
        Assert.Equal(LogLevel.Critical, logged.Level);
        Assert.Equal(4, logged["PendingCount"]);
        Assert.Equal(new[] { "h002" }, await _hosts.Runner().CurrentAsync(Cancel));
        Assert.Equal(2, await _hosts.CountAsync("SELECT count(*) FROM executions"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DatabaseAtHead_Starts(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        await _hosts.Runner().UpgradeHeadAsync(Cancel);
        var logs = new RecordingLoggerProvider();

        await _hosts.Build(logs, MigrationStartup.Verify).StartAsync(Cancel);

        Assert.Equal("h006_slow", Assert.Single(logs.Events(MigrationChainEventIds.VerifiedAtHead))["Heads"]?.ToString());
        Assert.Empty(logs.Events(MigrationChainEventIds.PlanChosen));
    }

    [Fact]
    public async Task DatabaseRecordingARevisionTheCodeLacks_FailsStartupWithTheRunnersExplanation()
    {
        await _hosts.CreateDatabaseAsync(Provider.Sqlite);
        await _hosts.Runner().UpgradeHeadAsync(Cancel);
        await _hosts.ScalarAsync("INSERT INTO migration_history (revision, parents, state, applied_at) VALUES ('h007_newer', 'h006_slow', 'applied', '2030-01-01T00:00:00.0000000Z')");
        var logs = new RecordingLoggerProvider();

        var error = await Assert.ThrowsAsync<DatabaseStateException>(() => _hosts.Build(logs, MigrationStartup.Verify).StartAsync(Cancel));

        Assert.Equal(DatabaseStateProblem.AheadOfCode, error.Problem);
        Assert.Contains("ahead of this code", error.Message);
        Assert.Same(error, Assert.Single(logs.Events(MigrationChainEventIds.StartupFailed)).Exception);
    }

    public void Dispose() => _hosts.Dispose();
}
