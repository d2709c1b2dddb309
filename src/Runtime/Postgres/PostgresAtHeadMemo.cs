using System.Collections.Generic;
using System.Runtime.CompilerServices;
using MigrationChain.Execution;

namespace MigrationChain.Postgres;

/// <summary>
/// What the process knows about one PostgreSQL version table for one chain (<see cref="AtHeadFingerprint"/>): the
/// <see cref="PostgresVersionState"/> at which the server last found it exactly at head, and whether its companion
/// was unusable (missing, or not readable by this user) the last time a no-op asked. Shared by every runner of the
/// process for the same connection string, version table and tenant schema, and dropped with the chain. A
/// remembered state never goes stale: every change to the table moves the state, so it matching again means nothing
/// changed since; entries only ever make a no-op skip the hashing, never skip asking the database.
/// </summary>
internal static class PostgresAtHeadMemo
{
    // A plain dictionary under its own lock, not a ConcurrentDictionary: one entry per connection string, read once
    // per no-op, and a start need not JIT-compile the concurrent one's generic code (and its comparers) for it.
    private static readonly ConditionalWeakTable<AtHeadFingerprint, Dictionary<string, Entry>> Memos = new();

    public static Entry Get(AtHeadFingerprint expected, string target)
    {
        if (!Memos.TryGetValue(expected, out var targets))
        {
            return Entry.Unknown;
        }

        lock (targets)
        {
            return targets.TryGetValue(target, out var entry) ? entry : Entry.Unknown;
        }
    }

    public static void Set(AtHeadFingerprint expected, string target, Entry entry)
    {
        var targets = Memos.GetValue(expected, static _ => new Dictionary<string, Entry>(System.StringComparer.Ordinal));
        lock (targets)
        {
            targets[target] = entry;
        }
    }

    /// <param name="AtHeadState">The state at which the table held exactly the at-head rows, or null.</param>
    /// <param name="CompanionUnusable">True when the last no-op could not read the companion: ask without it.</param>
    internal sealed record Entry(string? AtHeadState, bool CompanionUnusable)
    {
        public static readonly Entry Unknown = new(null, false);
    }
}
