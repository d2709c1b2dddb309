using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// One copy of each revision id and of each list of them for a whole fleet run: ten thousand tenants at the same
/// revision then share one list instead of holding ten thousand equal ones, so the summary stays small.
/// </summary>
internal sealed class SharedRevisions
{
    private readonly ConcurrentDictionary<string, string> _revisions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _lists = new(StringComparer.Ordinal);

    public string Of(string revision) => _revisions.GetOrAdd(revision, revision);

    public IReadOnlyList<string> Of(IReadOnlyList<string> revisions) =>
        revisions.Count == 0
            ? Array.Empty<string>()
            : _lists.GetOrAdd(string.Join('\n', revisions), _ => revisions.Select(Of).ToArray());
}
