namespace MigrationChain.Testing.Tests;

public class SingleHeadTests
{
    [Fact]
    public void OneHead_Passes() => MigrationAssert.SingleHead(Runner(typeof(Chains.IndexLeftBehind)));

    [Fact]
    public void HeadsOnDistinctLabelledBranches_Pass()
    {
        MigrationAssert.SingleHead(Runner(typeof(Chains.LabelledHeads)));
        MigrationAssert.SingleHead(Runner(typeof(Chains.Sound)));
    }

    [Fact]
    public void TwoUnlabelledHeads_FailNamingBothAndTheMergeThatWouldJoinThem()
    {
        var failure = Assert.Throws<MigrationAssertionException>(() => MigrationAssert.SingleHead(Runner(typeof(Chains.TwoHeads))));

        Assert.StartsWith("SingleHead failed: the chain has 2 heads that no branch label explains ('0002a_left', '0002b_right'):", failure.Message);
        Assert.Contains("error MC1003: ", failure.Message);
        Assert.Contains("they descend from '0001_items'", failure.Message);
        Assert.Contains("Parents = new[] { \"0002a_left\", \"0002b_right\" }", failure.Message);
        Assert.Single(failure.Message.Split('\n'), l => l.Contains("MC1003", StringComparison.Ordinal));
        Assert.Equal("0002a_left", failure.Revision);
    }

    [Fact]
    public void AssemblyWithoutMigrations_FailsSayingSo()
    {
        var failure = Assert.Throws<MigrationAssertionException>(() => MigrationAssert.SingleHead(typeof(Assert).Assembly));

        Assert.Equal("SingleHead failed: no migration was found in xunit.v3.assert, so the chain has no head.", failure.Message);
    }

    [Fact]
    public void NoAssemblyNamed_ChecksTheCallingAssembly()
    {
        // This assembly holds every test chain at once: one chain of duplicate revisions and many roots.
        var failure = Assert.Throws<MigrationAssertionException>(() => MigrationAssert.SingleHead());

        var invalid = Assert.IsType<ChainValidationException>(failure.InnerException);
        Assert.Contains(invalid.Diagnostics, d => d.Id == "MC1004" && d.Revision == "0001_items");
    }

    private static MigrationRunner Runner(Type chain) =>
        MigrationRunner.ForSqliteTypes("Data Source=:memory:", new MigrationRunnerOptions(), chain.GetNestedTypes());
}
