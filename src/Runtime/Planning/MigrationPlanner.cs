using System;
using System.Collections.Generic;
using System.Linq;
using MigrationChain.Rules;

namespace MigrationChain.Planning;

/// <summary>
/// Turns a target into a goal over the graph, and a goal plus the applied set into ordered steps. Goals are
/// absolute (a set of revisions), so a runner that re-reads the version table between steps can re-plan and
/// never repeats or skips a step another process took.
/// </summary>
internal sealed class MigrationPlanner
{
    private readonly RevisionGraph _graph;

    public MigrationPlanner(RevisionGraph graph)
    {
        _graph = graph;
    }

    /// <summary>The revisions that must be applied once the upgrade is done (applied ones included).</summary>
    public bool[] UpgradeGoal(Target target, AppliedState state)
    {
        var applied = state.Applied;
        bool[] desired;
        switch (target.Kind)
        {
            case TargetKind.Head:
                desired = Ancestors(new[] { SingleHead(target) });
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
                desired = Ancestors(new[] { ResolveRevision(target.Name!, target.Text) });
                break;
            case TargetKind.RevisionRelative:
                desired = Ancestors(new[] { Walk(target) });
                break;
            case TargetKind.BranchHead:
                desired = Ancestors(BranchHeads(target));
                break;
            case TargetKind.BranchRelative:
                desired = FirstPending(target, Ancestors(BranchHeads(target)), applied);
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
                var node = target.Kind == TargetKind.Revision ? ResolveRevision(target.Name!, target.Text) : Walk(target);
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
                return _graph.Descendants(BranchMembers(target));
            case TargetKind.BranchRelative:
                var members = new HashSet<int>(BranchMembers(target));
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
            TargetKind.Head => new[] { SingleHead(target) },
            TargetKind.Heads => _graph.Heads,
            TargetKind.Revision => new[] { ResolveRevision(target.Name!, target.Text) },
            TargetKind.RevisionRelative => new[] { Walk(target) },
            TargetKind.BranchHead => BranchHeads(target),
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

    /// <summary>Revisions to apply, in topological order.</summary>
    public List<int> UpgradeSteps(bool[] desired, bool[] applied)
    {
        var steps = new List<int>();
        foreach (var node in _graph.TopologicalOrder)
        {
            if (desired[node] && !applied[node])
            {
                steps.Add(node);
            }
        }

        return steps;
    }

    /// <summary>Revisions to undo, newest first.</summary>
    public List<int> DowngradeSteps(bool[] remove, bool[] applied)
    {
        var steps = new List<int>();
        for (var i = _graph.TopologicalOrder.Length - 1; i >= 0; i--)
        {
            var node = _graph.TopologicalOrder[i];
            if (remove[node] && applied[node])
            {
                steps.Add(node);
            }
        }

        return steps;
    }

    /// <summary>Resolves an id or a unique prefix of one; the error names near misses.</summary>
    public int ResolveRevision(string name, string targetText)
    {
        if (_graph.TryGetIndex(name, out var exact))
        {
            return exact;
        }

        var matches = _graph.Nodes.Where(n => n.Revision.StartsWith(name, StringComparison.Ordinal)).Select(n => n.Revision).ToList();
        if (matches.Count == 1)
        {
            return _graph.TryGetIndex(matches[0], out var byPrefix) ? byPrefix : -1;
        }

        if (matches.Count > 1)
        {
            throw new MigrationTargetException(targetText,
                $"'{name}' is ambiguous: it starts {Names.List(matches)}. Type more of the revision id.", matches);
        }

        var closest = UnknownRevisionRule.Closest(_graph, name);
        throw new MigrationTargetException(targetText,
            $"Can't locate revision '{name}': no migration in these assemblies declares it." +
            (closest is null ? string.Empty : $" Did you mean '{closest}'?"),
            closest is null ? null : new[] { closest });
    }

    private int SingleHead(Target target)
    {
        if (_graph.Heads.Count == 1)
        {
            return _graph.Heads[0];
        }

        if (_graph.Heads.Count == 0)
        {
            throw new MigrationTargetException(target.Text, "There are no migrations, so there is no head.");
        }

        var heads = _graph.Heads.Select(h => $"{_graph.Id(h)} ({_graph.Branches[h]})");
        throw new MigrationTargetException(target.Text,
            $"'head' is ambiguous: the chain has {_graph.Heads.Count} heads on labelled branches: {string.Join(", ", heads)}. " +
            "Use 'heads' for all of them, or 'label@head' for one.",
            _graph.Heads.Select(_graph.Id).ToList());
    }

    private List<int> BranchMembers(Target target)
    {
        var label = target.Name!;
        var members = new List<int>();
        for (var node = 0; node < _graph.Count; node++)
        {
            if (_graph.Branches[node].Contains(label))
            {
                members.Add(node);
            }
        }

        if (members.Count == 0)
        {
            var labels = _graph.Nodes.Where(n => n.HasBranch).Select(n => n.Branch!).Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToList();
            throw new MigrationTargetException(target.Text,
                $"No branch is labelled '{label}'." + (labels.Count == 0
                    ? " No migration declares a Branch."
                    : $" Branch labels: {Names.List(labels)}."),
                labels);
        }

        return members;
    }

    private List<int> BranchHeads(Target target)
    {
        var members = new HashSet<int>(BranchMembers(target));
        return _graph.Heads.Where(members.Contains).ToList();
    }

    private bool[] FirstPending(Target target, bool[] towards, bool[] applied)
    {
        if (target.Steps < 0)
        {
            throw new MigrationTargetException(target.Text, $"'{target.Text}' moves down; use Downgrade.");
        }

        var pending = UpgradeSteps(towards, applied);
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

    /// <summary><c>rev+N</c> follows the only child N times; <c>rev-N</c> the only parent.</summary>
    private int Walk(Target target)
    {
        var node = ResolveRevision(target.Name!, target.Text);
        var up = target.Steps > 0;
        for (var step = 0; step < Math.Abs(target.Steps); step++)
        {
            var next = up ? _graph.Children[node] : _graph.Parents[node];
            if (next.Length != 1)
            {
                throw new MigrationTargetException(target.Text, next.Length == 0
                    ? $"'{target.Text}' walks past the {(up ? "head" : "root")} at '{_graph.Id(node)}'."
                    : $"'{target.Text}' is ambiguous: '{_graph.Id(node)}' has {next.Length} {(up ? "children" : "parents")} " +
                      $"({Names.List(next.Select(_graph.Id))}). Name the revision instead.");
            }

            node = next[0];
        }

        return node;
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
