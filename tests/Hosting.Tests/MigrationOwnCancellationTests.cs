using MigrationChain.Hosting.Tests.Support;
using MigrationChain.Testing.Support;

#pragma warning disable CA1034, CA1812 // a test chain is nested classes

namespace MigrationChain.Hosting.Tests;

/// <summary>
/// A migration that throws its own <see cref="OperationCanceledException"/> (an HttpClient timeout) while the host is
/// not stopping: startup fails, and the log says it failed, naming the revision; it was not a cancellation.
/// </summary>
public sealed class MigrationOwnCancellationTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestHosts _hosts = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task MigrationTimingOutOnItsOwn_IsLoggedAsStartupFailed_NotStartupCancelled(Provider provider)
    {
        await _hosts.CreateDatabaseAsync(provider);
        var logs = new RecordingLoggerProvider();
        var host = _hosts.Build(logs, MigrationStartup.Migrate, options => options.UseRunner((_, runnerOptions) => provider == Provider.Sqlite
            ? MigrationRunner.ForSqliteTypes(_hosts.ConnectionString, runnerOptions, typeof(TimesOut).GetNestedTypes())
            : MigrationRunner.ForPostgresTypes(_hosts.ConnectionString, runnerOptions, typeof(TimesOut).GetNestedTypes())));

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => host.StartAsync(Cancel));

        Assert.Equal("t002_fetch", error.Revision);
        var failed = Assert.Single(logs.Events(MigrationChainEventIds.StartupFailed));
        Assert.Same(error, failed.Exception);
        Assert.Empty(logs.Events(MigrationChainEventIds.StartupCancelled));
        Assert.False(await _hosts.TableExistsAsync("fetched"));
    }

    public void Dispose() => _hosts.Dispose();

    public static class TimesOut
    {
        [Migration("t001_quick")]
        public sealed class Quick : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE quick (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE quick");
        }

        [Migration("t002_fetch", Parent = "t001_quick")]
        public sealed class Fetch : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE fetched (id INTEGER PRIMARY KEY)");
                throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE fetched");
        }
    }
}
