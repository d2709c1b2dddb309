using static MigrationChain.Runtime.Tests.Planning.PlanningChain;

namespace MigrationChain.Runtime.Tests.Planning;

/// <summary>Main m1 - m2 - m3; labelled plugins p1 - p2, where p2 DependsOn m2 (across branches, not merged).</summary>
public class DependsOnPlanTests
{
    private readonly PlanningChain _chain = new(
        Rev("m1"), Rev("m2", "m1"), Rev("m3", "m2"), Labelled("p1", "plugins"), Depends("p2", new[] { "p1" }, "m2"));

    [Fact]
    public void UpgradingTheBranch_BringsItsDependencyFirst_ButNotWhatFollowsIt()
    {
        var steps = _chain.Upgrade("plugins@head");

        Assert.Equal(new[] { "m1", "m2", "p1", "p2" }, steps.Order(StringComparer.Ordinal));
        Assert.True(steps.IndexOf("m2") < steps.IndexOf("p2"));
        Assert.True(steps.IndexOf("p1") < steps.IndexOf("p2"));
    }

    [Fact]
    public void UpgradingTheBranch_WithTheDependencyApplied_AppliesOnlyTheBranch() =>
        Assert.Equal(new[] { "p1", "p2" }, _chain.Upgrade("plugins@head", "m1", "m2"));

    [Fact]
    public void DowngradingBelowTheDependency_UndoesTheDependentFirst()
    {
        var steps = _chain.Downgrade("m1", "m1", "m2", "m3", "p1", "p2");

        Assert.Equal(new[] { "m2", "m3", "p2" }, steps.Order(StringComparer.Ordinal));
        Assert.True(steps.IndexOf("p2") < steps.IndexOf("m2"));
        Assert.True(steps.IndexOf("m3") < steps.IndexOf("m2"));
    }

    [Fact]
    public void DowngradingTheBranch_LeavesItsDependencyApplied() =>
        Assert.Equal(new[] { "p2", "p1" }, _chain.Downgrade("plugins@base", "m1", "m2", "m3", "p1", "p2"));

    [Fact]
    public void StampBelowTheDependency_UnrecordsTheDependent_AndKeepsTheBranchRoot()
    {
        var (unrecord, record) = _chain.Stamp("m1", "m1", "m2", "m3", "p1", "p2");

        Assert.Equal(new[] { "m2", "m3", "p2" }, unrecord.Order(StringComparer.Ordinal));
        Assert.Empty(record);
    }
}
