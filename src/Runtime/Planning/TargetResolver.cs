using System;
using System.Collections.Generic;
using System.Linq;
using MigrationChain.Rules;

namespace MigrationChain.Planning;

/// <summary>
/// Finds the revisions a target names in the graph: an id or unique prefix, the head, a branch's heads or members,
/// <c>rev+N</c>. The one place that decides what a name means and what to say when it means nothing; the planner
/// builds goals on it and the CLI resolves its revision arguments with it.
/// </summary>
internal sealed class TargetResolver
{
    private readonly RevisionGraph _graph;

    public TargetResolver(RevisionGraph graph)
    {
        _graph = graph;
    }

    /// <summary>
    /// The one revision a target names (an id or prefix, <c>head</c>, <c>label@head</c>, <c>rev+N</c>), for callers
    /// that need a single revision rather than a goal, such as a new migration's parent.
    /// </summary>
    public string ResolveOne(string text)
    {
        var target = Target.Parse(text, _graph.Contains);
        switch (target.Kind)
        {
            case TargetKind.Head:
                return _graph.Id(SingleHead(target));
            case TargetKind.Revision:
                return _graph.Id(ResolveRevision(target.Name!, target.Text));
            case TargetKind.RevisionRelative:
                return _graph.Id(Walk(target));
            case TargetKind.BranchHead:
                var heads = BranchHeads(target);
                if (heads.Count == 1)
                {
                    return _graph.Id(heads[0]);
                }

                var ids = heads.Select(_graph.Id).ToList();
                throw new MigrationTargetException(target.Text,
                    $"'{target.Text}' is ambiguous: the branch '{target.Name}' has {heads.Count} heads, {Names.List(ids)}. Name one of them.",
                    ids);
            default:
                throw new MigrationTargetException(target.Text,
                    $"'{target.Text}' does not name one revision. Name a revision id or a unique prefix, 'head', 'label@head' or 'rev+N'.");
        }
    }

    /// <summary>Resolves an id or a unique prefix of one; the error names near misses.</summary>
    public int ResolveRevision(string name, string targetText)
    {
        if (_graph.TryGetIndex(name, out var exact))
        {
            return exact;
        }

        var matches = Enumerable.Range(0, _graph.Count).Where(n => _graph.Id(n).StartsWith(name, StringComparison.Ordinal)).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        if (matches.Count > 1)
        {
            var ids = matches.Select(_graph.Id).ToList();
            throw new MigrationTargetException(targetText,
                $"'{name}' is ambiguous: it starts {Names.List(ids)}. Type more of the revision id.", ids);
        }

        var closest = UnknownRevisionRule.Closest(_graph, name);
        throw new MigrationTargetException(targetText,
            $"Can't locate revision '{name}': no migration in these assemblies declares it." +
            (closest is null ? string.Empty : $" Did you mean '{closest}'?"),
            closest is null ? null : new[] { closest });
    }

    /// <summary>The only head; the error lists the heads when there are several.</summary>
    public int SingleHead(Target target)
    {
        if (_graph.Heads.Count == 1)
        {
            return _graph.Heads[0];
        }

        if (_graph.Heads.Count == 0)
        {
            throw new MigrationTargetException(target.Text, "There are no migrations, so there is no head.");
        }

        var heads = _graph.Heads.Select(h => $"{_graph.Id(h)} ({_graph.Branches[h]})").ToList();
        throw new MigrationTargetException(target.Text,
            $"'head' is ambiguous: the chain has {_graph.Heads.Count} heads on labelled branches: {Names.List(heads)}. " +
            "Use 'heads' for all of them, or 'label@head' for one.",
            _graph.Heads.Select(_graph.Id).ToList());
    }

    /// <summary>Every revision on the labelled branch; the error lists the labels there are.</summary>
    public List<int> BranchMembers(Target target)
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

    public List<int> BranchHeads(Target target)
    {
        var members = new HashSet<int>(BranchMembers(target));
        return _graph.Heads.Where(members.Contains).ToList();
    }

    /// <summary><c>rev+N</c> follows the only child N times; <c>rev-N</c> the only parent.</summary>
    public int Walk(Target target)
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
}
