using MigrationChain.Planning;

namespace MigrationChain.Runtime.Tests.Planning;

/// <summary>
/// A revision graph and the planner over it, with no database: the applied set is written as revision ids. Every
/// upgrade and downgrade is planned twice, by <see cref="MigrationPlanner.Steps"/> and by asking
/// <see cref="MigrationPlanner.Next"/> step by step as the engine does, and the two must agree.
/// </summary>
internal sealed class PlanningChain
{
    public PlanningChain(params RevisionInfo[] revisions)
    {
        Graph = RevisionGraph.Build(revisions);
        Planner = new MigrationPlanner(Graph);
    }

    public RevisionGraph Graph { get; }

    public MigrationPlanner Planner { get; }

    public static RevisionInfo Rev(string id, params string[] parents) => new(id, parents);

    public static RevisionInfo Labelled(string id, string branch, params string[] parents) => new(id, parents, branch);

    public static RevisionInfo Depends(string id, string[] parents, params string[] dependsOn) => new(id, parents, DependsOn: dependsOn);

    /// <summary>The version table recording <paramref name="applied"/> (ids the graph lacks are recorded as unknown rows).</summary>
    public AppliedState State(params string[] applied) => AppliedState.Read(Graph, new VersionTableSnapshot(
        true,
        applied.Select(r => new VersionRow(
            r,
            Graph.TryGetIndex(r, out var node) ? Graph.Nodes[node].Parents : Array.Empty<string>(),
            VersionRowState.Applied,
            DateTimeOffset.UnixEpoch,
            TimeSpan.Zero)).ToList()));

    public List<string> Upgrade(string target, params string[] applied) => Plan(MigrationOperation.Upgrade, target, applied);

    public List<string> Downgrade(string target, params string[] applied) => Plan(MigrationOperation.Downgrade, target, applied);

    /// <summary>What a stamp would unrecord and record.</summary>
    public (List<string> Unrecord, List<string> Record) Stamp(string target, params string[] applied)
    {
        var state = State(applied);
        var changes = Planner.StampChanges(Planner.Goal(MigrationOperation.Stamp, Parse(target), state), state);
        return (changes.Unrecord.ToList(), changes.Record.Select(Graph.Id).ToList());
    }

    /// <summary>The current heads after the upgrade or downgrade to <paramref name="target"/> has run.</summary>
    public IReadOnlyList<string> HeadsAfter(MigrationOperation operation, string target, params string[] applied)
    {
        var state = State(applied);
        var goal = Planner.Goal(operation, Parse(target), state);
        foreach (var node in Planner.Steps(operation, goal, state.Applied))
        {
            state.Applied[node] = operation == MigrationOperation.Upgrade;
        }

        return state.CurrentHeads();
    }

    private List<string> Plan(MigrationOperation operation, string target, string[] applied)
    {
        var state = State(applied);
        var goal = Planner.Goal(operation, Parse(target), state);
        var planned = Planner.Steps(operation, goal, state.Applied).Select(Graph.Id).ToList();

        var executed = new List<string>();
        var live = (bool[])state.Applied.Clone();
        for (var node = Planner.Next(operation, goal, live); node >= 0; node = Planner.Next(operation, goal, live))
        {
            executed.Add(Graph.Id(node));
            live[node] = operation == MigrationOperation.Upgrade;
            Assert.True(executed.Count <= Graph.Count, "Next never ran out of steps");
        }

        Assert.Equal(planned, executed);
        return planned;
    }

    private Target Parse(string target) => Target.Parse(target, Graph.Contains);
}
