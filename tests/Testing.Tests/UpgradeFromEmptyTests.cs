using MigrationChain.Testing.Support;

namespace MigrationChain.Testing.Tests;

public sealed class UpgradeFromEmptyTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestDatabases _databases = new(postgres);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SoundChain_ReachesEveryHead(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.Sound));

        await MigrationAssert.UpgradeFromEmptyAsync(database, Cancel);

        Assert.Equal(
            new[] { "0006_notes", "e001_expand_items", "p002_plugin_index" },
            (await database.Runner.CurrentAsync(Cancel)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpgradeThatFails_FailsNamingTheRevisionAndHowFarTheUpgradeGot(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.UpgradeFails));

        var failure = await Assert.ThrowsAsync<MigrationAssertionException>(() => MigrationAssert.UpgradeFromEmptyAsync(database, Cancel));

        Assert.Equal("0003_broken", failure.Revision);
        Assert.StartsWith("UpgradeFromEmpty failed at '0003_broken': upgrading the empty database to head stopped after 2 of 4 migrations", failure.Message);
        Assert.Contains("INSERT INTO no_such_table (id) VALUES (1)", failure.Message);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ChainWithTwoUnlabelledHeads_FailsWithTheChainsProblems(Provider provider)
    {
        var database = await _databases.CreateAsync(provider, typeof(Chains.TwoHeads));

        var failure = Assert.Throws<MigrationAssertionException>(() => MigrationAssert.UpgradeFromEmpty(database));

        Assert.StartsWith("UpgradeFromEmpty failed: reading the chain and the database's history failed on " +
            Providers.Pick(provider, sqlite: "SQLite database", postgres: "PostgreSQL database"), failure.Message);
        Assert.Contains("'0002a_left' and '0002b_right' are both heads of the main line", failure.Message);
        Assert.Contains("MC1003", failure.Message);
        Assert.IsType<ChainValidationException>(failure.InnerException);
    }

    public void Dispose() => _databases.Dispose();
}
