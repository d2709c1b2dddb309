using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Planning;

namespace MigrationChain.Execution;

/// <summary>What the runner can tell about a database without changing it: its current revisions and its history.</summary>
internal sealed class ChainQueries
{
    private readonly DatabaseProvider _provider;
    private readonly MigrationCatalog _catalog;

    public ChainQueries(DatabaseProvider provider, MigrationCatalog catalog)
    {
        _provider = provider;
        _catalog = catalog;
    }

    private RevisionGraph Graph => _catalog.Graph;

    /// <summary>The database's current revisions (heads of what is applied); reads only.</summary>
    public async Task<IReadOnlyList<string>> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var session = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = session is IAtHeadProbe probe && Graph.Count > 0
            ? await probe.ReadUnlessAtHeadAsync(_catalog.AtHead, cancellationToken).ConfigureAwait(false)
            : await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        return snapshot is null ? _catalog.AtHead.Heads : AppliedState.Read(Graph, snapshot).CurrentHeads();
    }

    /// <summary>Every revision of the chain in order, with what the database records about it; reads only.</summary>
    public async Task<IReadOnlyList<RevisionStatus>> HistoryAsync(CancellationToken cancellationToken)
    {
        await using var session = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        var rows = snapshot.Rows.ToDictionary(r => r.Revision, StringComparer.Ordinal);
        var heads = new HashSet<int>(Graph.Heads);
        var history = new List<RevisionStatus>(Graph.Count + rows.Count);
        foreach (var node in Graph.TopologicalOrder)
        {
            var info = Graph.Nodes[node];
            var definition = _catalog.Definitions[node];
            rows.TryGetValue(info.Revision, out var row);
            history.Add(new RevisionStatus(
                info.Revision,
                info.Parents,
                info.Branch,
                Graph.Branches[node].Labels,
                info.DependsOn,
                info.TypeName,
                isKnown: true,
                isHead: heads.Contains(node),
                isApplied: row?.State == VersionRowState.Applied,
                isInterrupted: row?.State == VersionRowState.Running,
                row?.AppliedAt,
                row?.Duration,
                definition.HasDowngrade,
                definition.Transactional,
                row,
                definition.Checksum));
        }

        foreach (var row in snapshot.Rows.Where(r => !Graph.Contains(r.Revision)))
        {
            history.Add(new RevisionStatus(
                row.Revision, row.Parents, null, Array.Empty<string>(), Array.Empty<string>(), null,
                isKnown: false, isHead: false, isApplied: row.State == VersionRowState.Applied,
                isInterrupted: row.State == VersionRowState.Running, row.AppliedAt, row.Duration,
                hasDowngrade: false, transactional: true, row));
        }

        return history;
    }
}
