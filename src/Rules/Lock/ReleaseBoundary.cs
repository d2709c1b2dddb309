using System;
using System.Collections.Generic;

namespace MigrationChain.Lock;

/// <summary>
/// Which revisions have shipped, as <c>migrations.lock</c> records it: the revisions its <c>released</c> line names
/// and every revision before them, through the parents the file lists (what was released, not what the code says now).
/// Without a boundary in the file (or without a file) every revision counts as released, which is what rules that
/// must not call a production table "new" need.
/// </summary>
internal sealed class ReleaseBoundary
{
    /// <summary>No boundary: every revision counts as released.</summary>
    public static readonly ReleaseBoundary None = new(null, new HashSet<string>(StringComparer.Ordinal));

    private readonly Dictionary<string, LockEntry>? _entries;
    private readonly HashSet<string> _released;

    private ReleaseBoundary(Dictionary<string, LockEntry>? entries, HashSet<string> released)
    {
        _entries = entries;
        _released = released;
    }

    /// <summary>True when the lock file marks some revisions as released; false means everything counts as released.</summary>
    public bool HasBoundary => _entries is not null;

    /// <summary>The revisions inside the boundary (empty without one).</summary>
    public IEnumerable<string> MarkedReleased => _released;

    /// <summary>The boundary a lock file records; <see cref="None"/> for null or a file without one.</summary>
    public static ReleaseBoundary Of(LockFile? lockFile)
    {
        if (lockFile is null || !lockFile.HasReleaseBoundary)
        {
            return None;
        }

        var entries = new Dictionary<string, LockEntry>(StringComparer.Ordinal);
        foreach (var entry in lockFile.Entries)
        {
            entries[entry.Revision] = entry;
        }

        var released = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(lockFile.Released);
        while (stack.Count > 0)
        {
            var revision = stack.Pop();
            if (entries.TryGetValue(revision, out var entry) && released.Add(revision))
            {
                foreach (var parent in entry.Parents)
                {
                    stack.Push(parent);
                }
            }
        }

        return new ReleaseBoundary(entries, released);
    }

    /// <summary>
    /// True when <paramref name="revision"/> has shipped: inside the boundary, or any revision when there is no
    /// boundary. A revision the lock file does not list yet is new, so it is not released.
    /// </summary>
    public bool IsReleased(string revision) => !HasBoundary || _released.Contains(revision);

    /// <summary>True only when a boundary exists and the revision is inside it.</summary>
    public bool IsMarkedReleased(string revision) => HasBoundary && _released.Contains(revision);

    /// <summary>The lock file's entry for a revision inside the boundary: what was released.</summary>
    public LockEntry? ReleasedEntry(string revision) =>
        IsMarkedReleased(revision) && _entries!.TryGetValue(revision, out var entry) ? entry : null;
}
