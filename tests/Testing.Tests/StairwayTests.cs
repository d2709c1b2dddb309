using MigrationChain.Testing.Support;

namespace MigrationChain.Testing.Tests;

public sealed class StairwayTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestDatabases _databases = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SoundChain_AcrossAMergeLabelledBranchesARebuildAndAnIrreversibleSeed_Passes(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.Sound));

        await MigrationAssert.StairwayAsync(database, Cancel);

        var history = await database.Runner.HistoryAsync(Cancel);
        Assert.All(history, r => Assert.True(r.IsApplied, r.Revision));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DowngradeThatForgetsToDropAnIndex_FailsAtThatRevision_ShowingTheIndexLeftBehind(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.IndexLeftBehind));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.StairwayAsync(database, Cancel));

        Assert.Equal("0002_tags_and_name_index", failure.Revision);
        Assert.StartsWith("Stairway failed at '0002_tags_and_name_index': downgrading it did not restore the schema it was upgraded from", failure.Message);
        Assert.Contains(Providers.Pick(provider,
            sqlite: "+ index \"ix_items_name\" on \"items\": (name)",
            postgres: "+ index public.ix_items_name on public.items: CREATE INDEX ix_items_name ON public.items USING btree (name)"), failure.Message);
        Assert.Single(DifferenceLines(failure));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DowngradeThatLeavesAColumn_FailsShowingTheColumnWithItsTypeAndNullability(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.ColumnLeftBehind));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.StairwayAsync(database, Cancel));

        Assert.Equal("0002_price", failure.Revision);
        Assert.Contains(Providers.Pick(provider,
            sqlite: "+ column \"items\".\"price\": NUMERIC(10, 2) NULL",
            postgres: "+ column public.items.price: numeric(10,2) NULL"), failure.Message);
        Assert.Single(DifferenceLines(failure));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DowngradeThatLeavesACheckConstraint_FailsShowingTheConstraint(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.ConstraintLeftBehind));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.StairwayAsync(database, Cancel));

        Assert.Equal("0002_sku_and_qty_check", failure.Revision);
        Assert.Contains(Providers.Pick(provider,
            sqlite: "+ check on \"items\": ck_items_qty (qty >= 0)",
            postgres: "+ constraint public.items.ck_items_qty: CHECK (qty >= 0)"), failure.Message);
        Assert.Single(DifferenceLines(failure));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DowngradeThatLeavesAView_FailsShowingTheView(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.ViewLeftBehind));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.StairwayAsync(database, Cancel));

        Assert.Equal("0002_stock_view", failure.Revision);
        Assert.Contains(Providers.Pick(provider,
            sqlite: "+ view \"in_stock\": select id, name from items where qty > 0",
            postgres: "+ view public.in_stock: SELECT items.id, items.name FROM items WHERE items.qty > 0;"), failure.Message);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpgradeThatFailsMidStairway_FailsAtThatRevision_WithTheStatementAndTheDatabaseError(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.UpgradeFails));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.StairwayAsync(database, Cancel));

        Assert.Equal("0003_broken", failure.Revision);
        Assert.StartsWith("Stairway failed at '0003_broken': upgrading to it (step 3 of 4) failed on ", failure.Message);
        Assert.Contains("INSERT INTO no_such_table (id) VALUES (1)", failure.Message);
        Assert.Contains("no_such_table", failure.InnerException!.Message);
        Assert.Equal(new[] { "0002_after" }, await database.Runner.CurrentAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DowngradeThatLeavesARow_FailsWhenUpgradingAgain(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.DataLeftBehind));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.StairwayAsync(database, Cancel));

        Assert.Equal("0002_seed_first_item", failure.Revision);
        Assert.StartsWith("Stairway failed at '0002_seed_first_item': upgrading to it again after its downgrade", failure.Message);
        Assert.IsType<MigrationFailedException>(failure.InnerException);
    }

    [Fact]
    public async Task DatabaseWithMigrationsAlreadyApplied_IsRefused_SayingWhatItRecords()
    {
        var database = await _databases.CreateAsync(Provider.Sqlite, typeof(Chains.IndexLeftBehind));
        await database.Runner.UpgradeAsync("0001", Cancel);

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.StairwayAsync(database, Cancel));

        Assert.StartsWith("Stairway failed: needs an empty database, but SQLite database '", failure.Message);
        Assert.Contains("already records '0001_items'", failure.Message);
    }

    private static string[] DifferenceLines(MigrationAssertionException failure) =>
        failure.Message.Split('\n').Where(l => l.StartsWith("  + ", StringComparison.Ordinal) || l.StartsWith("  - ", StringComparison.Ordinal) || l.StartsWith("  ~ ", StringComparison.Ordinal)).ToArray();

    public void Dispose() => _databases.Dispose();
}
