using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;

namespace MigrationChain.Discovery;

/// <summary>
/// The validated catalog of each set of assemblies, kept for the life of the process: the assemblies of a running
/// process never change, so a second runner over the same set (one per request, per tenant, per test) reuses the
/// chain the first one discovered and validated instead of reflecting and validating again. The key is the ordered
/// list of assemblies by identity, so a different order or a different set is a different chain. Only success is
/// kept: a chain that fails validation, or whose manifest lists a migration that is not deployed, throws again for
/// every runner. Sets holding a collectible assembly are never kept, so the cache does not stop them unloading.
/// </summary>
internal static class MigrationCatalogCache
{
    // Copy-on-write: readers scan the array they see without a lock; a store copies it under the lock. A process holds
    // one set, or a few (tests, plugins), so a scan is a few comparisons. Not a ConcurrentDictionary: its generic
    // machinery over these key and value types is ~100 type loads an application's start paid for one lookup.
    private static Entry[] _entries = Array.Empty<Entry>();
    private static readonly object StoreLock = new();

    /// <summary>The catalog of <paramref name="assemblies"/>, loaded (and validated) on the first call only.</summary>
    public static MigrationCatalog Load(IReadOnlyList<Assembly> assemblies)
    {
        var key = new Assembly[assemblies.Count];
        var hash = key.Length;
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = assemblies[i];
            if (key[i].IsCollectible)
            {
                return MigrationCatalog.Load(assemblies);
            }

            hash = unchecked((hash * 31) + RuntimeHelpers.GetHashCode(key[i]));
        }

        if (Find(Volatile.Read(ref _entries), key, hash) is { } cached)
        {
            return cached;
        }

        // Loaded outside any lock: two first runners racing may both load, and both get the one that was stored.
        // A load that throws stores nothing.
        var loaded = MigrationCatalog.Load(assemblies);
        lock (StoreLock)
        {
            var entries = _entries;
            if (Find(entries, key, hash) is { } stored)
            {
                return stored;
            }

            var grown = new Entry[entries.Length + 1];
            Array.Copy(entries, grown, entries.Length);
            grown[entries.Length] = new Entry(key, hash, loaded);
            Volatile.Write(ref _entries, grown);
            return loaded;
        }
    }

    /// <summary>For tests: how many sets are kept.</summary>
    internal static int Count => Volatile.Read(ref _entries).Length;

    private static MigrationCatalog? Find(Entry[] entries, Assembly[] key, int hash)
    {
        foreach (var entry in entries)
        {
            if (entry.Hash == hash && entry.Holds(key))
            {
                return entry.Catalog;
            }
        }

        return null;
    }

    /// <summary>An ordered list of assemblies, compared by identity (reference), never by name or version, and its catalog.</summary>
    private sealed class Entry
    {
        private readonly Assembly[] _assemblies;

        public Entry(Assembly[] assemblies, int hash, MigrationCatalog catalog)
        {
            _assemblies = assemblies;
            Hash = hash;
            Catalog = catalog;
        }

        public int Hash { get; }

        public MigrationCatalog Catalog { get; }

        public bool Holds(Assembly[] assemblies)
        {
            if (_assemblies.Length != assemblies.Length)
            {
                return false;
            }

            for (var i = 0; i < assemblies.Length; i++)
            {
                if (!ReferenceEquals(_assemblies[i], assemblies[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
