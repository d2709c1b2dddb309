namespace MigrationChain.Runtime.Tests.Contracts;

/// <summary>Every target form, against the linear chain 0001_users .. 0004_orders_index.</summary>
public abstract class TargetTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Theory]
    [InlineData("0002_orders", "0002_orders")]
    [InlineData("0002", "0002_orders")]
    [InlineData("0003_user", "0003_user_email")]
    [InlineData("head", "0004_orders_index")]
    [InlineData("heads", "0004_orders_index")]
    [InlineData("HEAD", "0004_orders_index")]
    [InlineData("+1", "0001_users")]
    [InlineData("+3", "0003_user_email")]
    [InlineData("0001_users+2", "0003_user_email")]
    [InlineData("0004_orders_index-1", "0003_user_email")]
    [InlineData(" 0002 ", "0002_orders")]
    public async Task UpgradeTarget_EndsAt(string target, string expected)
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));

        runner.Upgrade(target);

        Assert.Equal(new[] { expected }, runner.Current());
    }

    [Theory]
    [InlineData("-1", "0003_user_email")]
    [InlineData("-3", "0001_users")]
    [InlineData("0002", "0002_orders")]
    [InlineData("0004_orders_index-2", "0002_orders")]
    [InlineData("base", null)]
    [InlineData("-4", null)]
    public async Task DowngradeTarget_EndsAt(string target, string? expected)
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        runner.Downgrade(target);

        Assert.Equal(expected is null ? Array.Empty<string>() : new[] { expected }, runner.Current());
    }

    [Fact]
    public async Task RelativeUpgrade_CountsFromWhereTheDatabaseIs()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0002");

        runner.Upgrade("+1");

        Assert.Equal(new[] { "0003_user_email" }, runner.Current());
    }

    [Fact]
    public async Task UpgradeToAnAppliedRevision_DoesNothing()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        Assert.True(runner.Upgrade("0002").WasUpToDate);
        Assert.Equal(new[] { "0004_orders_index" }, runner.Current());
    }

    [Theory]
    [InlineData("000", "ambiguous")]
    [InlineData("0009", "Can't locate revision '0009'")]
    [InlineData("0002_ordres", "Can't locate revision")]
    [InlineData("+5", "only 4 are pending")]
    [InlineData("-1", "use Downgrade")]
    [InlineData("", "empty")]
    [InlineData("+0", "zero steps")]
    [InlineData("x@head", "No branch is labelled 'x'")]
    [InlineData("a@b", "after '@'")]
    [InlineData("@head", "names no branch")]
    [InlineData("0004_orders_index+1", "walks past the head")]
    public async Task BadUpgradeTarget_IsExplainedAndChangesNothing(string target, string message)
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<MigrationTargetException>(() => db.Runner(typeof(Chains.Linear)).Upgrade(target));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task AmbiguousPrefix_ListsTheCandidates()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<MigrationTargetException>(() => db.Runner(typeof(Chains.Linear)).Upgrade("000"));

        Assert.Equal(4, error.Candidates.Count);
    }

    [Fact]
    public async Task NearMiss_SuggestsTheRevision()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<MigrationTargetException>(() => db.Runner(typeof(Chains.Linear)).Upgrade("0002_ordrs"));

        Assert.Contains("Did you mean '0002_orders'?", error.Message);
    }

    [Theory]
    [InlineData("heads", "not a downgrade target")]
    [InlineData("+1", "use Upgrade")]
    [InlineData("-9", "only 4 are applied")]
    public async Task BadDowngradeTarget_IsExplained(string target, string message)
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        var error = Assert.Throws<MigrationTargetException>(() => runner.Downgrade(target));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, db.Recorded().Count);
    }

    [Fact]
    public async Task DowngradeToARevisionThatIsNotApplied_IsRefused()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0002");

        var error = Assert.Throws<MigrationTargetException>(() => runner.Downgrade("0003"));

        Assert.Contains("not applied", error.Message);
    }
}
