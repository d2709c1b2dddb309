using static MigrationChain.Runtime.Tests.Planning.PlanningChain;

namespace MigrationChain.Runtime.Tests.Planning;

/// <summary>a forks into b and c; d merges them.</summary>
public class DiamondPlanTests
{
    private readonly PlanningChain _chain = new(Rev("a"), Rev("b", "a"), Rev("c", "a"), Rev("d", "b", "c"));

    [Fact]
    public void UpgradeHead_AppliesTheForkBeforeBothSides_AndTheMergeLast()
    {
        var steps = _chain.Upgrade("head");

        Assert.Equal("a", steps[0]);
        Assert.Equal(new[] { "b", "c" }, steps.Skip(1).Take(2).Order(StringComparer.Ordinal));
        Assert.Equal("d", steps[3]);
    }

    [Fact]
    public void UpgradeToOneSide_LeavesTheOtherPending()
    {
        Assert.Equal(new[] { "a", "b" }, _chain.Upgrade("b"));
        Assert.Equal(new[] { "c", "d" }, _chain.Upgrade("head", "a", "b"));
    }

    [Fact]
    public void WalkingUpFromTheMerge_FollowsItsOnlyChild_ButFromTheForkIsAmbiguous()
    {
        Assert.Equal(new[] { "a", "b", "c", "d" }, _chain.Upgrade("b+1").Order(StringComparer.Ordinal));

        var error = Assert.Throws<MigrationTargetException>(() => _chain.Upgrade("a+1"));
        Assert.Contains("'a' has 2 children ('b' and 'c')", error.Message);
    }

    [Fact]
    public void DowngradeToOneSide_UndoesOnlyTheMerge()
    {
        Assert.Equal(new[] { "d" }, _chain.Downgrade("b", "a", "b", "c", "d"));
        Assert.Equal(new[] { "b", "c" }, _chain.HeadsAfter(MigrationOperation.Downgrade, "b", "a", "b", "c", "d").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DowngradeToTheFork_UndoesTheMergeFirst_ThenBothSides()
    {
        var steps = _chain.Downgrade("a", "a", "b", "c", "d");

        Assert.Equal("d", steps[0]);
        Assert.Equal(new[] { "b", "c" }, steps.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StampOneSide_UnrecordsOnlyWhatDescendsFromIt()
    {
        var (unrecord, record) = _chain.Stamp("b", "a", "b", "c", "d");

        Assert.Equal(new[] { "d" }, unrecord);
        Assert.Empty(record);
    }
}
