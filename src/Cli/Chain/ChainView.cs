using System;
using System.Collections.Generic;
using System.Linq;
using MigrationChain.Cli.Loading;
using MigrationChain.Planning;

namespace MigrationChain.Cli.Chain;

/// <summary>
/// The chain as the tool shows it: the graph and the rules' findings, built even when the rules find errors.
/// </summary>
internal sealed class ChainView
{
    private readonly Dictionary<string, MigrationType> _byRevision;

    public ChainView(IReadOnlyList<MigrationType> migrations)
    {
        Graph = RevisionGraph.Build(migrations.Select(m => m.Info));
        var diagnostics = ChainValidator.Validate(Graph);
        Errors = diagnostics.Where(d => d.Severity == ChainSeverity.Error).ToList();
        Warnings = diagnostics.Where(d => d.Severity == ChainSeverity.Warning).ToList();
        _byRevision = new Dictionary<string, MigrationType>(StringComparer.Ordinal);
        foreach (var migration in migrations)
        {
            _byRevision.TryAdd(migration.Revision, migration);
        }
    }

    public RevisionGraph Graph { get; }

    public IReadOnlyList<ChainDiagnostic> Errors { get; }

    public IReadOnlyList<ChainDiagnostic> Warnings { get; }

    public bool IsValid => Errors.Count == 0;

    public int Count => Graph.Count;

    public IReadOnlyList<string> Heads => Graph.Heads.Select(Graph.Id).ToList();

    /// <summary>Groups of heads that a merge should join (what MC1003 reports), each sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> UnmergedHeads =>
        Errors.Where(d => d.Id == RuleIds.MultipleHeads && d.SuggestedRevisions.Count > 1)
            .Select(d => d.SuggestedRevisions.OrderBy(r => r, StringComparer.Ordinal).ToList())
            .GroupBy(g => string.Join("\n", g), StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<string>)g.First())
            .ToList();

    /// <summary>Revisions newest first (children before parents): the order history reads in.</summary>
    public IReadOnlyList<int> NewestFirst => Enumerable.Reverse(Graph.TopologicalOrder).ToList();

    /// <summary>Revisions on or behind a cycle, which have no place in any order.</summary>
    public IReadOnlyList<string> Unordered =>
        Enumerable.Range(0, Graph.Count).Where(n => Graph.TopologicalIndex[n] < 0).Select(Graph.Id).ToList();

    /// <summary>Revisions with more than one child: where the chain forks.</summary>
    public IReadOnlyList<int> BranchPoints =>
        Graph.TopologicalOrder.Where(n => Graph.Children[n].Length > 1).ToList();

    public MigrationType? Find(string revision) => _byRevision.TryGetValue(revision, out var found) ? found : null;

    public bool IsHead(int node) => Graph.Children[node].Length == 0 && Graph.TopologicalIndex[node] >= 0;

    /// <summary>
    /// A revision named on the command line (an id, a unique prefix, <c>head</c> when there is one, <c>label@head</c>,
    /// <c>rev+N</c>), resolved by the runtime's resolver, so the CLI and the runner accept the same names and say the
    /// same things about the ones they cannot resolve (a <see cref="MigrationTargetException"/>, a usage error).
    /// </summary>
    public string Resolve(string text) => new TargetResolver(Graph).ResolveOne(text);
}
