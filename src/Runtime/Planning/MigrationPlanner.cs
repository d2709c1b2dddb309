using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Planning;

/// <summary>
/// Turns a target into a goal over the graph, and a goal plus the applied set into ordered steps. Goals are
/// absolute (a set of revisions), so a runner that re-reads the version table between steps can re-plan and
/// never repeats or skips a step another process took. The step order is decided once, in <see cref="Next"/>:
/// planning a whole run and choosing each step while executing both ask it.
/// </summary>
internal sealed class MigrationPlanner
{
    private readonly RevisionGraph _graph;
    private readonly TargetResolver _resolver;

    public MigrationPlanner(RevisionGraph graph)
    {
        _graph = graph;
        _resolver = new TargetResolver(graph);
    }

    /// <summary>What the operation must leave: for an upgrade or stamp the applied set, for a downgrade the set it removes.</summary>
    public bool[] Goal(MigrationOperation operation, Target target, AppliedState state) => operation switch
    {
        MigrationOperation.Upgrade => UpgradeGoal(target, state),
        MigrationOperation.Downgrade => DowngradeGoal(target, state),
        _ => StampGoal(target, state),
    };

    /// <summary>
    /// The next node to apply (upgrade: the first pending one in chain order, so parents and DependsOn come first) or
    /// to undo (downgrade: the newest applied one in the goal, so children go first); -1 when there is none. A scan
    /// that allocates nothing, so the engine can ask again after every step.
    /// </summary>
    public int Next(MigrationOperation operation, bool[] goal, bool[] applied)
    {
        var order = _graph.TopologicalOrder;
        switch (operation)
        {
            case MigrationOperation.Upgrade:
                foreach (var node in order)
                {
                    if (goal[node] && !applied[node])
                    {
                        return node;
                    }
                }

                return -1;
            case MigrationOperation.Downgrade:
                for (var i = order.Length - 1; i >= 0; i--)
                {
                    if (goal[order[i]] && applied[order[i]])
                    {
                        return order[i];
                    }
                }

                return -1;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "A stamp has no steps to order; use StampChanges.");
        }
    }

    /// <summary>Every step of an upgrade or downgrade, in the order <see cref="Next"/> takes them.</summary>
    public List<int> Steps(MigrationOperation operation, bool[] goal, bool[] applied)
    {
        var steps = new List<int>();
        var node = Next(operation, goal, applied);
        if (node < 0)
        {
            // At head: no copy of the applied set, so the no-op run allocates as little as it did.
            return steps;
        }

        var after = (bool[])applied.Clone();
        for (; node >= 0; node = Next(operation, goal, after))
        {
            steps.Add(node);
            after[node] = operation == MigrationOperation.Upgrade;
        }

        return steps;
    }

    /// <summary>
    /// The rows a stamp to <paramref name="goal"/> removes (every recorded revision outside it, unknown ones included)
    /// and the nodes it records, in chain order. An interrupted row inside the goal is not removed: recording it as
    /// applied overwrites it, which is what stamping an interrupted revision promises ("I finished it by hand").
    /// </summary>
    public StampChanges StampChanges(bool[] goal, AppliedState state)
    {
        var unrecord = state.Snapshot.Rows
            .Where(r => !_graph.TryGetIndex(r.Revision, out var node) || !goal[node])
            .Select(r => r.Revision)
            .ToList();
        var record = _graph.TopologicalOrder.Where(n => goal[n] && !state.Applied[n]).ToList();
        return new StampChanges(unrecord, record);
    }

    /// <summary>The revisions that must be applied once the upgrade is done (applied ones included).</summary>
    public bool[] UpgradeGoal(Target target, AppliedState state)
    {
        var applied = state.Applied;
        bool[] desired;
        switch (target.Kind)
        {
            case TargetKind.Head:
                desired = Ancestors(new[] { _resolver.SingleHead(target) });
                break;
            case TargetKind.Heads:
                desired = Ancestors(_graph.Heads);
                break;
            case TargetKind.Base:
            case TargetKind.BranchBase:
                desired = new bool[_graph.Count];
                break;
            case TargetKind.Relative:
                desired = FirstPending(target, Ancestors(_graph.Heads), applied);
                break;
            case TargetKind.Revision:
                desired = Ancestors(new[] { _resolver.ResolveRevision(target.Name!, target.Text) });
                break;
            case TargetKind.RevisionRelative:
                desired = Ancestors(new[] { _resolver.Walk(target) });
                break;
            case TargetKind.BranchHead:
                desired = Ancestors(_resolver.BranchHeads(target));
                break;
            case TargetKind.BranchRelative:
                desired = FirstPending(target, Ancestors(_resolver.BranchHeads(target)), applied);
                break;
            default:
                throw new MigrationTargetException(target.Text, $"'{target.Text}' is not an upgrade target.");
        }

        for (var node = 0; node < desired.Length; node++)
        {
            desired[node] |= applied[node];
        }

        return desired;
    }

    /// <summary>The revisions a downgrade removes (whether or not they are applied now).</summary>
    public bool[] DowngradeGoal(Target target, AppliedState state)
    {
        var applied = state.Applied;
        switch (target.Kind)
        {
            case TargetKind.Base:
                return Enumerable.Repeat(true, _graph.Count).ToArray();
            case TargetKind.Relative:
                return _graph.Descendants(LastApplied(target, applied, member: null));
            case TargetKind.Revision:
            case TargetKind.RevisionRelative:
                var node = target.Kind == TargetKind.Revision ? _resolver.ResolveRevision(target.Name!, target.Text) : _resolver.Walk(target);
                if (!applied[node])
                {
                    throw new MigrationTargetException(target.Text,
                        $"Cannot downgrade to '{_graph.Id(node)}': it is not applied (current: {Current(state)}). " +
                        "To move forward to it, use Upgrade.");
                }

                var remove = _graph.Descendants(new[] { node });
                remove[node] = false;
                return remove;
            case TargetKind.BranchBase:
                return _graph.Descendants(_resolver.BranchMembers(target));
            case TargetKind.BranchRelative:
                var members = new HashSet<int>(_resolver.BranchMembers(target));
                return _graph.Descendants(LastApplied(target, applied, members.Contains));
            default:
                throw new MigrationTargetException(target.Text,
                    $"'{target.Text}' is not a downgrade target. Name a revision, '-N', 'base' or 'branch@base'.");
        }
    }

    /// <summary>The applied set a stamp leaves: the target and its ancestors applied, nothing after it.</summary>
    public bool[] StampGoal(Target target, AppliedState state)
    {
        var applied = state.Applied;
        switch (target.Kind)
        {
            case TargetKind.Base:
                return new bool[_graph.Count];
            case TargetKind.Relative when target.Steps > 0:
            case TargetKind.BranchRelative when target.Steps > 0:
                return UpgradeGoal(target, state);
            case TargetKind.Relative:
            case TargetKind.BranchRelative:
            case TargetKind.BranchBase:
                return Minus(applied, DowngradeGoal(target, state));
        }

        IReadOnlyList<int> targets = target.Kind switch
        {
            TargetKind.Head => new[] { _resolver.SingleHead(target) },
            TargetKind.Heads => _graph.Heads,
            TargetKind.Revision => new[] { _resolver.ResolveRevision(target.Name!, target.Text) },
            TargetKind.RevisionRelative => new[] { _resolver.Walk(target) },
            TargetKind.BranchHead => _resolver.BranchHeads(target),
            _ => throw new MigrationTargetException(target.Text, $"'{target.Text}' is not a stamp target."),
        };

        var result = Minus(applied, _graph.Descendants(targets));
        var ancestors = Ancestors(targets);
        for (var node = 0; node < result.Length; node++)
        {
            result[node] |= ancestors[node];
        }

        return result;
    }

    private bool[] FirstPending(Target target, bool[] towards, bool[] applied)
    {
        if (target.Steps < 0)
        {
            throw new MigrationTargetException(target.Text, $"'{target.Text}' moves down; use Downgrade.");
        }

        var pending = Steps(MigrationOperation.Upgrade, towards, applied);
        if (pending.Count < target.Steps)
        {
            throw new MigrationTargetException(target.Text,
                $"'{target.Text}' asks for {target.Steps} migrations, but only {pending.Count} {(pending.Count == 1 ? "is" : "are")} pending.");
        }

        var desired = new bool[_graph.Count];
        foreach (var node in pending.Take(target.Steps))
        {
            desired[node] = true;
        }

        return desired;
    }

    private List<int> LastApplied(Target target, bool[] applied, Func<int, bool>? member)
    {
        if (target.Steps > 0)
        {
            throw new MigrationTargetException(target.Text, $"'{target.Text}' moves up; use Upgrade.");
        }

        var ordered = _graph.TopologicalOrder.Where(n => applied[n] && (member is null || member(n))).ToList();
        var count = -target.Steps;
        if (ordered.Count < count)
        {
            throw new MigrationTargetException(target.Text,
                $"'{target.Text}' asks to undo {count} migrations, but only {ordered.Count} {(ordered.Count == 1 ? "is" : "are")} applied.");
        }

        return ordered.Skip(ordered.Count - count).ToList();
    }

    private bool[] Ancestors(IEnumerable<int> nodes) => _graph.Ancestors(nodes, followDependsOn: true);

    private static bool[] Minus(bool[] set, bool[] remove)
    {
        var result = new bool[set.Length];
        for (var i = 0; i < set.Length; i++)
        {
            result[i] = set[i] && !remove[i];
        }

        return result;
    }

    private static string Current(AppliedState state)
    {
        var heads = state.CurrentHeads();
        return heads.Count == 0 ? "base" : string.Join(", ", heads);
    }
}

/// <summary>What a stamp changes in the version table: rows it deletes, then nodes it records.</summary>
internal sealed record StampChanges(IReadOnlyList<string> Unrecord, IReadOnlyList<int> Record)
{
    public int Count => Unrecord.Count + Record.Count;
}
