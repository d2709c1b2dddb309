using MigrationChain.Postgres;
using MigrationChain.Sqlite;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Execution;

/// <summary>
/// How often a run reads the version table. At head: once, no lock. With work to do: once to plan, once more under
/// the run lock (someone may have done the work meanwhile), and that state is handed to the step loop, which reads
/// again only when another runner wrote in between. (Before the engine was split it read four times for one step.)
/// </summary>
public abstract class VersionTableReadTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private protected abstract ObservedProvider Observe(TestDatabase db);

    [Fact]
    public async Task AtHead_ReadsOnce()
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(Chains.Linear)).UpgradeHead();
        var observed = Observe(db);

        var result = await observed.Engine(typeof(Chains.Linear).GetNestedTypes()).RunAsync(MigrationOperation.Upgrade, "heads", null, TestContext.Current.CancellationToken);

        Assert.True(result.WasUpToDate);
        Assert.Equal(1, observed.Reads);
    }

    [Theory]
    [InlineData("0003_user_email", 1)]
    [InlineData("0001_users", 3)]
    public async Task PendingSteps_AreAppliedWithTwoReads_HoweverMany(string from, int pending)
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(Chains.Linear)).Upgrade(from);
        var observed = Observe(db);

        var result = await observed.Engine(typeof(Chains.Linear).GetNestedTypes()).RunAsync(MigrationOperation.Upgrade, "heads", null, TestContext.Current.CancellationToken);

        Assert.Equal(pending, result.Steps.Count);
        Assert.Equal(new[] { "0004_orders_index" }, result.Current);
        Assert.Equal(2, observed.Reads);
    }

    [Fact]
    public async Task Downgrade_OfOneStep_ReadsTwice()
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(Chains.Linear)).UpgradeHead();
        var observed = Observe(db);

        var result = await observed.Engine(typeof(Chains.Linear).GetNestedTypes()).RunAsync(MigrationOperation.Downgrade, "-1", null, TestContext.Current.CancellationToken);

        Assert.Equal(new[] { "0004_orders_index" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0003_user_email" }, result.Current);
        Assert.Equal(2, observed.Reads);
    }
}

public sealed class SqliteVersionTableReadTests : VersionTableReadTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());

    private protected override ObservedProvider Observe(TestDatabase db) => new(new SqliteProvider(db.ConnectionString, new MigrationRunnerOptions()));
}

public sealed class PostgresVersionTableReadTests(PostgresFixture fixture) : VersionTableReadTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);

    private protected override ObservedProvider Observe(TestDatabase db) => new(new PostgresProvider(db.ConnectionString, new MigrationRunnerOptions()));
}
