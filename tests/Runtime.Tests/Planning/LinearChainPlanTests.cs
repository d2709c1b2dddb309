using static MigrationChain.Runtime.Tests.Planning.PlanningChain;

namespace MigrationChain.Runtime.Tests.Planning;

/// <summary>a - b - c - d.</summary>
public class LinearChainPlanTests
{
    private readonly PlanningChain _chain = new(Rev("a"), Rev("b", "a"), Rev("c", "b"), Rev("d", "c"));

    [Fact]
    public void UpgradeHead_FromNothing_AppliesInChainOrder() =>
        Assert.Equal(new[] { "a", "b", "c", "d" }, _chain.Upgrade("head"));

    [Fact]
    public void UpgradeHead_AtHead_PlansNothing() =>
        Assert.Empty(_chain.Upgrade("head", "a", "b", "c", "d"));

    [Fact]
    public void UpgradeToARevision_StopsThere() =>
        Assert.Equal(new[] { "a", "b", "c" }, _chain.Upgrade("c"));

    [Fact]
    public void UpgradeByPrefixAndRelative_ResolveTheSameWay()
    {
        var chain = new PlanningChain(Rev("0001_users"), Rev("0002_orders", "0001_users"), Rev("0003_email", "0002_orders"));

        Assert.Equal(new[] { "0001_users", "0002_orders" }, chain.Upgrade("0002"));
        Assert.Equal(new[] { "0002_orders" }, chain.Upgrade("+1", "0001_users"));
        Assert.Equal(new[] { "0001_users", "0002_orders", "0003_email" }, chain.Upgrade("0001_users+2"));
    }

    [Fact]
    public void UpgradeByMoreThanIsPending_IsRefusedWithTheCount()
    {
        var error = Assert.Throws<MigrationTargetException>(() => _chain.Upgrade("+4", "a"));

        Assert.Contains("only 3 are pending", error.Message);
    }

    [Fact]
    public void DowngradeBase_UndoesNewestFirst() =>
        Assert.Equal(new[] { "d", "c", "b", "a" }, _chain.Downgrade("base", "a", "b", "c", "d"));

    [Fact]
    public void DowngradeToARevision_KeepsIt() =>
        Assert.Equal(new[] { "d", "c" }, _chain.Downgrade("b", "a", "b", "c", "d"));

    [Fact]
    public void DowngradeRelative_UndoesTheNewest() =>
        Assert.Equal(new[] { "d", "c" }, _chain.Downgrade("-2", "a", "b", "c", "d"));

    [Fact]
    public void DowngradeToARevisionNotApplied_IsRefused_PointingToUpgrade()
    {
        var error = Assert.Throws<MigrationTargetException>(() => _chain.Downgrade("c", "a", "b"));

        Assert.Contains("'c': it is not applied (current: b)", error.Message);
        Assert.Contains("Upgrade", error.Message);
    }

    [Fact]
    public void WalkingPastTheHead_IsRefused()
    {
        var error = Assert.Throws<MigrationTargetException>(() => _chain.Upgrade("c+2"));

        Assert.Contains("walks past the head at 'd'", error.Message);
    }

    [Fact]
    public void StampBack_UnrecordsWhatFollows_AndRecordsNothing()
    {
        var (unrecord, record) = _chain.Stamp("b", "a", "b", "c", "d");

        Assert.Equal(new[] { "c", "d" }, unrecord);
        Assert.Empty(record);
    }

    [Fact]
    public void StampHead_OnNothing_RecordsEveryRevisionInOrder()
    {
        var (unrecord, record) = _chain.Stamp("head");

        Assert.Empty(unrecord);
        Assert.Equal(new[] { "a", "b", "c", "d" }, record);
    }

    [Fact]
    public void Stamp_UnrecordsRevisionsTheCodeDoesNotKnow()
    {
        var (unrecord, record) = _chain.Stamp("b", "a", "zz_removed");

        Assert.Equal(new[] { "zz_removed" }, unrecord);
        Assert.Equal(new[] { "b" }, record);
    }

    [Fact]
    public void UnknownRevision_NamesTheClosest()
    {
        var error = Assert.Throws<MigrationTargetException>(() => _chain.Upgrade("e"));

        Assert.Contains("Can't locate revision 'e'", error.Message);
    }
}
