using static MigrationChain.Runtime.Tests.Planning.PlanningChain;

namespace MigrationChain.Runtime.Tests.Planning;

/// <summary>A main chain m1 - m2 and an independent labelled chain plugins: p1 - p2 (two heads by design).</summary>
public class LabelledBranchPlanTests
{
    private readonly PlanningChain _chain = new(Rev("m1"), Rev("m2", "m1"), Labelled("p1", "plugins"), Rev("p2", "p1"));

    [Fact]
    public void Head_IsAmbiguous_AndTheMessageNamesTheWaysOut()
    {
        var error = Assert.Throws<MigrationTargetException>(() => _chain.Upgrade("head"));

        Assert.Contains("'head' is ambiguous", error.Message);
        Assert.Contains("'heads'", error.Message);
        Assert.Contains("'label@head'", error.Message);
        Assert.Equal(new[] { "m2", "p2" }, error.Candidates.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Heads_AppliesBothChains() =>
        Assert.Equal(new[] { "m1", "m2", "p1", "p2" }, _chain.Upgrade("heads").Order(StringComparer.Ordinal));

    [Fact]
    public void BranchHead_AppliesOnlyThatBranch() =>
        Assert.Equal(new[] { "p1", "p2" }, _chain.Upgrade("plugins@head", "m1"));

    [Fact]
    public void BranchRelative_CountsOnlyThatBranchesPendingSteps() =>
        Assert.Equal(new[] { "p1" }, _chain.Upgrade("plugins@+1"));

    [Fact]
    public void BranchBase_UndoesOnlyThatBranch_NewestFirst() =>
        Assert.Equal(new[] { "p2", "p1" }, _chain.Downgrade("plugins@base", "m1", "m2", "p1", "p2"));

    [Fact]
    public void BranchMinusOne_UndoesThatBranchesNewest() =>
        Assert.Equal(new[] { "p2" }, _chain.Downgrade("plugins@-1", "m1", "m2", "p1", "p2"));

    [Fact]
    public void UnknownLabel_ListsTheLabelsThereAre()
    {
        var error = Assert.Throws<MigrationTargetException>(() => _chain.Upgrade("plugin@head"));

        Assert.Contains("No branch is labelled 'plugin'. Branch labels: 'plugins'.", error.Message);
    }

    [Fact]
    public void StampABranchHead_RecordsThatBranch_AndLeavesTheOther()
    {
        var (unrecord, record) = _chain.Stamp("plugins@head", "m1");

        Assert.Empty(unrecord);
        Assert.Equal(new[] { "p1", "p2" }, record);
    }
}
