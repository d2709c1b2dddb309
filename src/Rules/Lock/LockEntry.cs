using System;
using System.Collections.Generic;

namespace MigrationChain.Lock;

/// <summary>One revision as <c>migrations.lock</c> records it: its id, its parents and a checksum of what it does.</summary>
/// <param name="Revision">The revision id.</param>
/// <param name="Parents">The parent revisions, none for a root.</param>
/// <param name="Checksum">
/// <c>kind:value</c>, e.g. <c>src:9f2c...</c> (from the source generator) or <c>il:41d0...</c> (from the compiled
/// method bodies). Checksums of different kinds are never compared with each other.
/// </param>
internal sealed record LockEntry(string Revision, IReadOnlyList<string> Parents, string Checksum)
{
    /// <summary>The one-based line in the lock file this entry was read from; 0 for an entry built from a chain.</summary>
    public int Line { get; init; }

    /// <summary>The declaring class, for messages; never written to the file.</summary>
    public string? TypeName { get; init; }

    /// <summary>The part of <see cref="Checksum"/> before the colon, or the empty string.</summary>
    public string ChecksumKind
    {
        get
        {
            var colon = Checksum.IndexOf(':');
            return colon < 0 ? string.Empty : Checksum.Substring(0, colon);
        }
    }

    /// <summary>For messages: the revision and, when known, its class.</summary>
    public string Describe() => TypeName is null ? $"'{Revision}'" : $"'{Revision}' ({TypeName})";

    /// <summary>True when both entries name the same parents in the same order.</summary>
    public bool HasSameParentsAs(LockEntry other)
    {
        if (Parents.Count != other.Parents.Count)
        {
            return false;
        }

        for (var i = 0; i < Parents.Count; i++)
        {
            if (!string.Equals(Parents[i], other.Parents[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
