using MigrationChain.Planning;
using static MigrationChain.Runtime.Tests.Planning.PlanningChain;

namespace MigrationChain.Runtime.Tests.Planning;

/// <summary>a forks into b and c, merged by m1; m1 forks into e and f, merged by m2.</summary>
public class MergeOfMergesPlanTests
{
    private static readonly string[] All = { "a", "b", "c", "m1", "e", "f", "m2" };

    private readonly PlanningChain _chain = new(
        Rev("a"), Rev("b", "a"), Rev("c", "a"), Rev("m1", "b", "c"), Rev("e", "m1"), Rev("f", "m1"), Rev("m2", "e", "f"));

    [Fact]
    public void UpgradeHead_FromOneSideOfTheFirstFork_AppliesTheRestInDependencyOrder()
    {
        var steps = _chain.Upgrade("head", "a", "b");

        Assert.Equal(new[] { "c", "e", "f", "m1", "m2" }, steps.Order(StringComparer.Ordinal));
        Assert.Equal("c", steps[0]);
        Assert.Equal("m1", steps[1]);
        Assert.Equal("m2", steps[4]);
    }

    [Fact]
    public void DowngradeToTheFirstMerge_UndoesTheSecondMergeFirst()
    {
        var steps = _chain.Downgrade("m1", All);

        Assert.Equal("m2", steps[0]);
        Assert.Equal(new[] { "e", "f" }, steps.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DowngradeToOneSideOfTheFirstFork_UndoesEverythingAfterIt_AndKeepsTheOtherSide()
    {
        var steps = _chain.Downgrade("b", All);

        Assert.Equal(new[] { "e", "f", "m1", "m2" }, steps.Order(StringComparer.Ordinal));
        Assert.Equal("m1", steps[3]);
        Assert.Equal(new[] { "b", "c" }, _chain.HeadsAfter(MigrationOperation.Downgrade, "b", All).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RelativeDowngrade_UndoesTheNewestInChainOrder() =>
        Assert.Equal(new[] { "m2" }, _chain.Downgrade("-1", All));

    [Fact]
    public void StampOneSideOfTheSecondFork_UnrecordsOnlyTheSecondMerge()
    {
        var (unrecord, record) = _chain.Stamp("e", All);

        Assert.Equal(new[] { "m2" }, unrecord);
        Assert.Empty(record);
    }

    [Fact]
    public void NextStep_IsTheFirstPlannedStep_ForEveryPartialState()
    {
        // Every prefix of the chain order as the applied set: Next must name exactly what Steps lists first.
        var order = _chain.Graph.TopologicalOrder.Select(_chain.Graph.Id).ToList();
        for (var applied = 0; applied <= order.Count; applied++)
        {
            var state = _chain.State(order.Take(applied).ToArray());
            var goal = _chain.Planner.Goal(MigrationOperation.Upgrade, Target.Parse("head", _chain.Graph.Contains), state);
            var steps = _chain.Planner.Steps(MigrationOperation.Upgrade, goal, state.Applied);
            var next = _chain.Planner.Next(MigrationOperation.Upgrade, goal, state.Applied);

            Assert.Equal(order.Count - applied, steps.Count);
            Assert.Equal(steps.Count == 0 ? -1 : steps[0], next);
        }
    }
}
