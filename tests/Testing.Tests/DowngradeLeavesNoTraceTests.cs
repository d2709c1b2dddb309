using MigrationChain.Testing.Support;

namespace MigrationChain.Testing.Tests;

public sealed class DowngradeLeavesNoTraceTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestDatabases _databases = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SoundChain_WalksDownToTheNewestIrreversibleRevision_AndPasses(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.Sound));

        await MigrationAssert.DowngradeLeavesNoTraceAsync(database, Cancel);

        var current = await database.Runner.CurrentAsync(Cancel);
        Assert.Contains("0005_seed", current);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OneRevision_ATableRebuildThatRestoresTheTable_Passes(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.Sound));

        await MigrationAssert.DowngradeLeavesNoTraceAsync(database, "0004_qty_check", Cancel);

        Assert.DoesNotContain("0004_qty_check", await database.Runner.CurrentAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task WholeChain_FindsTheIndexADowngradeLeftBehind(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.IndexLeftBehind));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.DowngradeLeavesNoTraceAsync(database, Cancel));

        Assert.Equal("0002_tags_and_name_index", failure.Revision);
        Assert.StartsWith("DowngradeLeavesNoTrace failed at '0002_tags_and_name_index': downgrading it did not restore the schema from before its upgrade", failure.Message);
        Assert.Contains("(+ left behind by the downgrade, - there before the upgrade, gone after the downgrade, ~ changed)", failure.Message);
        Assert.Contains(Providers.Pick(provider, sqlite: "+ index \"ix_items_name\" on \"items\"", postgres: "+ index public.ix_items_name on public.items"), failure.Message);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OneRevision_ByPrefix_FindsTheConstraintItsDowngradeLeftBehind(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.ConstraintLeftBehind));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.DowngradeLeavesNoTraceAsync(database, "0002", Cancel));

        Assert.Equal("0002_sku_and_qty_check", failure.Revision);
        Assert.Contains(Providers.Pick(provider, sqlite: "+ check on \"items\": ck_items_qty (qty >= 0)", postgres: "+ constraint public.items.ck_items_qty: CHECK (qty >= 0)"), failure.Message);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OneRevision_ALeftoverColumnAndView_AreBothShown(Provider provider)
    {
        var column = await _databases.CreateAsync(provider, typeof(Chains.ColumnLeftBehind));
        var view = await _databases.CreateAsync(provider, typeof(Chains.ViewLeftBehind));

        var columnFailure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.DowngradeLeavesNoTraceAsync(column, "0002_price", Cancel));
        var viewFailure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.DowngradeLeavesNoTraceAsync(view, "0002_stock_view", Cancel));

        Assert.Contains(Providers.Pick(provider, sqlite: "+ column \"items\".\"price\": NUMERIC(10, 2) NULL", postgres: "+ column public.items.price: numeric(10,2) NULL"), columnFailure.Message);
        Assert.Contains(Providers.Pick(provider, sqlite: "+ view \"in_stock\": select id, name from items where qty > 0", postgres: "+ view public.in_stock: SELECT items.id, items.name FROM items WHERE items.qty > 0;"), viewFailure.Message);
    }

    [Fact]
    public async Task IrreversibleRevision_FailsSayingThereIsNothingToCheck()
    {
        var database = await _databases.CreateAsync(Provider.Sqlite, typeof(Chains.Sound));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.DowngradeLeavesNoTraceAsync(database, "0005_seed", Cancel));

        Assert.Equal("DowngradeLeavesNoTrace failed at '0005_seed': it has no downgrade (it is [Irreversible] or does not override Downgrade), so there is nothing to check.", failure.Message);
    }

    [Fact]
    public async Task UnknownOrAmbiguousRevision_FailsNamingWhatItCouldMean()
    {
        var database = await _databases.CreateAsync(Provider.Sqlite, typeof(Chains.Sound));

        var unknown = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.DowngradeLeavesNoTraceAsync(database, "0009", Cancel));
        var ambiguous = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.DowngradeLeavesNoTraceAsync(database, "0002", Cancel));

        Assert.Equal("DowngradeLeavesNoTrace failed: the chain has no revision '0009'.", unknown.Message);
        Assert.Equal("DowngradeLeavesNoTrace failed: '0002' is ambiguous: it starts '0002a_name_index', '0002b_price'.", ambiguous.Message);
    }

    public void Dispose() => _databases.Dispose();
}
