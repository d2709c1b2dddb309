using MigrationChain.Testing.Support;

#pragma warning disable CA1034, CA1812 // test chains are nested classes

namespace MigrationChain.Runtime.Tests.Contracts;

/// <summary>
/// A migration's own <see cref="OperationCanceledException"/> (an HTTP client's timeout inside a data migration)
/// while the caller has not cancelled is that migration's failure: reported with its revision, heard by the
/// listener, rolled back; only the caller's cancellation is a cancellation.
/// </summary>
public abstract class MigrationOwnCancellationTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task TaskCanceledInsideAMigration_CallerNotCancelling_IsAMigrationFailureNamingTheRevision()
    {
        await using var db = await CreateDatabaseAsync();
        var listener = new FailureListener();
        var runner = db.Runner(typeof(TimesOut), new MigrationRunnerOptions { Listener = listener });

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0002_fetch_rates", error.Revision);
        Assert.Contains("0002_fetch_rates", error.Message);
        Assert.IsType<TaskCanceledException>(error.InnerException);
        var failed = Assert.Single(listener.Failed);
        Assert.Equal("0002_fetch_rates", failed.Step.Revision);
        Assert.Same(error, failed.Error);
        Assert.Equal(new[] { "0001_rates" }, db.Recorded());
        Assert.False(db.HasColumn("rates", "fetched"));
    }

    [Fact]
    public async Task TaskCanceledInsideAMigration_WithALiveCallerToken_IsAMigrationFailure()
    {
        await using var db = await CreateDatabaseAsync();
        using var caller = new CancellationTokenSource();

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => db.Runner(typeof(TimesOut)).UpgradeHeadAsync(caller.Token));

        Assert.Equal("0002_fetch_rates", error.Revision);
        Assert.False(caller.IsCancellationRequested);
    }

    [Fact]
    public async Task CallerCancelling_IsStillACancellation_AndRollsTheStepBack()
    {
        await using var db = await CreateDatabaseAsync();
        using var caller = new CancellationTokenSource();
        var listener = new FailureListener();
        var runner = db.Runner(typeof(CancelsCaller), new MigrationRunnerOptions { Listener = listener });
        CancelsCaller.Source = caller;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.UpgradeHeadAsync(caller.Token));

        Assert.Empty(listener.Failed);
        Assert.Equal(new[] { "0001_rates" }, db.Recorded());
    }

    public static class TimesOut
    {
        [Migration("0001_rates")]
        public sealed class Rates : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE rates (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE rates");
        }

        [Migration("0002_fetch_rates", Parent = "0001_rates")]
        public sealed class FetchRates : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE rates ADD COLUMN fetched TEXT");

                // What HttpClient throws when its own Timeout expires: the caller's token is not involved.
                throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE rates DROP COLUMN fetched");
        }
    }

    public static class CancelsCaller
    {
        // Async-local: the SQLite and PostgreSQL variants run at the same time, each with its own caller.
        private static readonly AsyncLocal<CancellationTokenSource?> Caller = new();

        public static CancellationTokenSource? Source
        {
            get => Caller.Value;
            set => Caller.Value = value;
        }

        [Migration("0001_rates")]
        public sealed class Rates : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE rates (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE rates");
        }

        [Migration("0002_cancelled", Parent = "0001_rates")]
        public sealed class Cancelled : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("ALTER TABLE rates ADD COLUMN fetched TEXT");
                Source!.Cancel();
                m.CancellationToken.ThrowIfCancellationRequested();
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("ALTER TABLE rates DROP COLUMN fetched");
        }
    }

    private sealed class FailureListener : MigrationListener
    {
        public List<(MigrationStep Step, Exception Error)> Failed { get; } = new();

        public override void OnStepFailed(MigrationStep migrationStep, Exception exception) => Failed.Add((migrationStep, exception));
    }
}

public sealed class SqliteMigrationOwnCancellationTests : MigrationOwnCancellationTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());
}

public sealed class PostgresMigrationOwnCancellationTests(PostgresFixture fixture) : MigrationOwnCancellationTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);
}
