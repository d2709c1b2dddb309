namespace MigrationChain.Runtime.Tests.Contracts;

public abstract class BranchTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task UpgradeHead_BringsEveryLabelledHeadUp()
    {
        await using var db = await CreateDatabaseAsync();

        var result = db.Runner(typeof(Chains.Branched)).UpgradeHead();

        Assert.Equal(7, result.Steps.Count);
        Assert.Equal(new[] { "0003_core_plugin_link", "e001_expand_core", "p003_plugin_audit" }, result.Current.OrderBy(c => c, StringComparer.Ordinal));
    }

    [Fact]
    public async Task DependsOnTarget_RunsFirst()
    {
        await using var db = await CreateDatabaseAsync();

        var order = db.Runner(typeof(Chains.Branched)).UpgradeHead().Steps.Select(s => s.Revision).ToList();

        Assert.True(order.IndexOf("p002_plugin_settings") < order.IndexOf("0003_core_plugin_link"));
    }

    [Fact]
    public async Task BranchHead_UpgradesOnlyThatBranch()
    {
        await using var db = await CreateDatabaseAsync();

        var result = db.Runner(typeof(Chains.Branched)).Upgrade("plugins@head");

        Assert.Equal(new[] { "p001_plugin", "p002_plugin_settings", "p003_plugin_audit" }, result.Steps.Select(s => s.Revision));
    }

    [Fact]
    public async Task UpgradeToARevision_BringsItsDependsOnButNotTheRestOfThatBranch()
    {
        await using var db = await CreateDatabaseAsync();

        db.Runner(typeof(Chains.Branched)).Upgrade("0003");

        Assert.Equal(new[] { "0001_core", "0002_core_name", "0003_core_plugin_link", "p001_plugin", "p002_plugin_settings" }, db.Recorded());
    }

    [Fact]
    public async Task BranchBase_UndoesTheBranchAndWhatDependsOnIt()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Branched));
        runner.UpgradeHead();

        var result = runner.Downgrade("plugins@base");

        var undone = result.Steps.Select(s => s.Revision).ToList();
        Assert.True(undone.IndexOf("0003_core_plugin_link") < undone.IndexOf("p002_plugin_settings"));
        Assert.Equal(new[] { "0001_core", "0002_core_name", "e001_expand_core" }, db.Recorded());
    }

    [Fact]
    public async Task BranchRelative_MovesWithinTheBranch()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Branched));

        runner.Upgrade("plugins@+2");
        Assert.Equal(new[] { "p001_plugin", "p002_plugin_settings" }, db.Recorded());

        runner.Downgrade("plugins@-1");
        Assert.Equal(new[] { "p001_plugin" }, db.Recorded());
    }

    [Fact]
    public async Task Head_WithSeveralLabelledHeads_IsAmbiguousAndSaysWhatToUse()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<MigrationTargetException>(() => db.Runner(typeof(Chains.Branched)).Upgrade("head"));

        Assert.Contains("'heads'", error.Message);
        Assert.Contains("'label@head'", error.Message);
        Assert.Equal(3, error.Candidates.Count);
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task UnknownBranch_ListsTheLabels()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<MigrationTargetException>(() => db.Runner(typeof(Chains.Branched)).Upgrade("plugin@head"));

        Assert.Contains("'expand' and 'plugins'", error.Message);
    }
}
