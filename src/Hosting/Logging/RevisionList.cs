using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Hosting.Logging;

/// <summary>
/// Revisions as one log value, joined only when a log event is actually written: <c>0001_a, 0002_b</c>, or
/// <c>base</c> when there are none. Loggers and JSON formatters render it through <see cref="ToString"/>.
/// </summary>
internal readonly struct RevisionList
{
    private readonly IEnumerable<string>? _revisions;

    public RevisionList(IEnumerable<string> revisions)
    {
        _revisions = revisions;
    }

    public RevisionList(IReadOnlyList<MigrationStep> steps)
        : this(steps.Select(s => s.Revision))
    {
    }

    public override string ToString()
    {
        var text = string.Join(", ", _revisions ?? Enumerable.Empty<string>());
        return text.Length == 0 ? "base" : text;
    }
}
