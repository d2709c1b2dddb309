#pragma warning disable CA1034, CA1812 // a test chain is nested classes
using Microsoft.Extensions.Logging;
using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Hosting.Tests;

/// <summary>
/// A migration stuck behind a report's open transaction, in a host: every lock-timeout retry is one Warning event
/// (1010) naming the blocking session, through Microsoft.Extensions.Logging; the run completes once it lets go. The
/// default lock policy's warning about a large table reaches the same log (1007).
/// </summary>
public sealed class LockRetryLoggingTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestHosts _hosts = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static class BlockedChain
    {
        [Migration("l001_orders")]
        public sealed class Orders : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE orders (id INTEGER); INSERT INTO orders SELECT generate_series(1, 2000)");
        }

        [Migration("l002_status", Parent = "l001_orders")]
        public sealed class Status : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("ALTER TABLE orders ADD COLUMN status TEXT");
        }
    }

    [Fact]
    public async Task LockTimeoutRetry_IsLoggedAsEvent1010_NamingTheBlockersPidAndApplicationName_AndTheRunCompletesAfterIt()
    {
        await _hosts.CreateDatabaseAsync(Provider.Postgres);
        MigrationRunner.ForPostgresTypes(_hosts.ConnectionString, new MigrationRunnerOptions(), typeof(BlockedChain).GetNestedTypes()).Upgrade("l001_orders");
        await using var report = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_hosts.ConnectionString) { ApplicationName = "nightly-report" }.ConnectionString);
        await report.OpenAsync(Cancel);
        await using var reading = await report.BeginTransactionAsync(Cancel);
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM orders", report, reading))
        {
            await read.ExecuteScalarAsync(Cancel);
        }

        var logs = new RecordingLoggerProvider();
        var retried = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        logs.Logged += e =>
        {
            if (e.EventId.Id == MigrationChainEventIds.LockTimeoutRetry)
            {
                retried.TrySetResult(e);
            }
        };
        var host = _hosts.Build(logs, MigrationStartup.Migrate, options => options.UseRunner((_, runnerOptions) =>
        {
            runnerOptions.StatementLockTimeout = TimeSpan.FromMilliseconds(300);
            runnerOptions.LockRetryDelay = TimeSpan.FromMilliseconds(200);
            runnerOptions.LockSizeThreshold = 8192; // orders is bigger: the default policy (warn) speaks up
            return MigrationRunner.ForPostgresTypes(_hosts.ConnectionString, runnerOptions, typeof(BlockedChain).GetNestedTypes());
        }));

        var start = host.StartAsync(Cancel);
        var retry = await retried.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Assert.False(start.IsCompleted);
        await reading.CommitAsync(Cancel);
        await start.WaitAsync(TimeSpan.FromSeconds(60), Cancel);

        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.Equal("LockTimeoutRetry", retry.EventId.Name);
        Assert.Equal("l002_status", retry["Revision"]);
        Assert.Equal(1, retry["Attempt"]);
        Assert.Equal(6, retry["Attempts"]);
        Assert.Contains($"pid {report.ProcessID} (application_name 'nightly-report'", (string)retry["Blockers"]!);
        Assert.Contains("holding AccessShareLock on orders", (string)retry["Blockers"]!);
        Assert.Contains($"pid {report.ProcessID}", retry.Message);
        Assert.All(logs.Events(MigrationChainEventIds.LockTimeoutRetry), e => Assert.Equal("l002_status", e["Revision"]));
        Assert.Single(logs.Events(MigrationChainEventIds.MigrationCompleted), e => Equals(e["Revision"], "l002_status"));
        Assert.Single(logs.Events(MigrationChainEventIds.ChainWarning), e => e.Message.Contains("'l002_status' takes AccessExclusiveLock on orders", StringComparison.Ordinal));
        Assert.Equal(1L, await _hosts.CountAsync("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'orders' AND column_name = 'status'"));
    }

    public void Dispose() => _hosts.Dispose();
}
