using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Postgres;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Hosting.Tests;

/// <summary>What an operator reads in the log: one structured event per migration, the plan, lock waits, and never a password.</summary>
public sealed class LoggingTests(PostgresFixture postgres) : IDisposable
{
    private static readonly string[] Revisions = { "h001", "h002", "h003", "h004", "h005", "h006_slow" };

    private readonly TestHosts _hosts = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EachMigration_IsOneStructuredEventWithItsRevisionAndDuration_AfterThePlan(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        var logs = new RecordingLoggerProvider();

        await _hosts.Build(logs, MigrationStartup.Migrate).StartAsync(Cancel);

        var completed = logs.Events(MigrationChainEventIds.MigrationCompleted).ToList();
        Assert.Equal(Revisions, completed.Select(e => e["Revision"]));
        Assert.All(completed, e =>
        {
            Assert.Equal(LogLevel.Information, e.Level);
            Assert.Equal("MigrationCompleted", e.EventId.Name);
            Assert.Equal(MigrationDirection.Upgrade, e["Direction"]);
            Assert.InRange((double)e["DurationMs"]!, 0, 60_000);
            Assert.StartsWith("MigrationChain.Tests.HostApp.H", (string)e["Migration"]!);
            Assert.Equal(_hosts.Provider == Provider.Sqlite ? "SQLite database '" : "PostgreSQL database '", ((string)e["Database"]!)[..(_hosts.Provider == Provider.Sqlite ? 17 : 21)]);
        });
        var plan = Assert.Single(logs.Events(MigrationChainEventIds.PlanChosen));
        Assert.Equal(6, plan["StepCount"]);
        Assert.Equal("h001, h002, h003, h004, h005, h006_slow", plan["Steps"]?.ToString());
        Assert.True(logs.Entries.ToList().IndexOf(plan) < logs.Entries.ToList().IndexOf(completed[0]));
        Assert.Equal(6, logs.Events(MigrationChainEventIds.MigrationStarting).Count(e => e.Level == LogLevel.Debug));
    }

    [Fact]
    public async Task WaitingForAnotherRunnersLock_IsLogged_NamingTheHolder()
    {
        await _hosts.CreateDatabaseAsync(Provider.Postgres);
        var holder = new NpgsqlConnectionStringBuilder(_hosts.ConnectionString) { ApplicationName = "deploy-job-42" };
        await using var connection = new NpgsqlConnection(holder.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresLockKey.For("public", "migration_history")})", connection))
        {
            await take.ExecuteScalarAsync(Cancel);
        }

        var logs = new RecordingLoggerProvider();
        var waiting = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        logs.Logged += e =>
        {
            if (e.EventId.Id == MigrationChainEventIds.WaitingForLock)
            {
                waiting.TrySetResult(e);
            }
        };
        var start = _hosts.Build(logs, MigrationStartup.Migrate).StartAsync(Cancel);

        var wait = await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Assert.False(start.IsCompleted);
        Assert.Empty(logs.Events(MigrationChainEventIds.MigrationCompleted));
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
        {
            await release.ExecuteScalarAsync(Cancel);
        }

        await start.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Assert.Contains("deploy-job-42", (string)wait["Holder"]!);
        Assert.Equal(6, logs.Events(MigrationChainEventIds.MigrationCompleted).Count());
    }

    [Fact]
    public async Task PasswordInTheConnectionStringOrUrl_NeverReachesTheLog_EvenWhenThingsFail()
    {
        var good = await _hosts.CreateDatabaseAsync(Provider.Postgres);
        var builder = new NpgsqlConnectionStringBuilder(good);
        var url = $"postgres://{builder.Username}:{Uri.EscapeDataString(TestHosts.Password)}@{builder.Host}:{builder.Port}/{builder.Database}?sslmode=disable";
        var missing = new NpgsqlConnectionStringBuilder(good) { Database = "no_such_database" }.ConnectionString;
        var logs = new RecordingLoggerProvider();
        var messages = new List<string>();

        // Migrate through the URL, then verify and health-check a database that does not exist.
        await _hosts.Build(logs, MigrationStartup.Migrate, o => { o.ConnectionStringName = null; o.ConnectionString = url; }).StartAsync(Cancel);
        var failing = _hosts.Build(logs, MigrationStartup.Verify, o => { o.ConnectionStringName = null; o.ConnectionString = missing; },
            services: s => s.AddHealthChecks().AddCheck<MigrationChainHealthCheck>("migrations"));
        messages.Add((await Assert.ThrowsAnyAsync<Exception>(() => failing.StartAsync(Cancel))).ToString());
        var health = await failing.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancel);
        messages.Add(health.Entries["migrations"].Description!);
        messages.Add(health.Entries["migrations"].Exception!.ToString());

        Assert.Equal(6, logs.Events(MigrationChainEventIds.MigrationCompleted).Count());
        Assert.Single(logs.Events(MigrationChainEventIds.StartupFailed));
        Assert.Contains("does not exist", messages[1]);
        Assert.All(logs.Entries, e => Assert.DoesNotContain(TestHosts.Password, e.AllText, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain(TestHosts.Password, m, StringComparison.Ordinal));
        Assert.All(logs.Events(MigrationChainEventIds.MigrationCompleted), e =>
            Assert.Equal($"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}", e["Database"]));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AVersionRowThatDisagreesWithTheCode_IsLoggedAsRecordDrift_WithItsRevisionAndKind(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        await _hosts.Build(new RecordingLoggerProvider(), MigrationStartup.Migrate).StartAsync(Cancel);
        await _hosts.ScalarAsync("UPDATE migration_history SET parents = '' WHERE revision = 'h002' RETURNING revision");
        var logs = new RecordingLoggerProvider();

        await _hosts.Build(logs, MigrationStartup.Migrate).StartAsync(Cancel);

        var drift = Assert.Single(logs.Events(MigrationChainEventIds.RecordDrift));
        Assert.Equal(LogLevel.Warning, drift.Level);
        Assert.Equal("RecordDrift", drift.EventId.Name);
        Assert.Equal(("h002", DriftKind.WrongParents), (drift["Revision"], drift["Kind"]));
        Assert.Contains("with parents (base), but the code declares 'h001'", (string)drift["Message"]!, StringComparison.Ordinal);
        Assert.Single(logs.Events(MigrationChainEventIds.AlreadyAtHead));
    }

    public void Dispose() => _hosts.Dispose();
}
