using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;

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
    private static readonly ConcurrentDictionary<AssemblySet, MigrationCatalog> Catalogs = new();

    /// <summary>The catalog of <paramref name="assemblies"/>, loaded (and validated) on the first call only.</summary>
    public static MigrationCatalog Load(IReadOnlyList<Assembly> assemblies)
    {
        var key = new Assembly[assemblies.Count];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = assemblies[i];
            if (key[i].IsCollectible)
            {
                return MigrationCatalog.Load(assemblies);
            }
        }

        var set = new AssemblySet(key);
        if (Catalogs.TryGetValue(set, out var cached))
        {
            return cached;
        }

        // Loaded outside any lock: two first runners racing may both load, and both get the one that was stored.
        // A load that throws stores nothing.
        return Catalogs.GetOrAdd(set, MigrationCatalog.Load(assemblies));
    }

    /// <summary>For tests: how many sets are kept.</summary>
    internal static int Count => Catalogs.Count;

    /// <summary>An ordered list of assemblies compared by identity (reference), never by name or version.</summary>
    /// <remarks>A class, not a struct: a dictionary keyed by a reference type runs the runtime's precompiled shared
    /// code, where a struct key would be JIT-compiled at every application's start.</remarks>
    private sealed class AssemblySet : IEquatable<AssemblySet>
    {
        private readonly Assembly[] _assemblies;
        private readonly int _hash;

        public AssemblySet(Assembly[] assemblies)
        {
            _assemblies = assemblies;
            var hash = new HashCode();
            foreach (var assembly in assemblies)
            {
                hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(assembly));
            }

            _hash = hash.ToHashCode();
        }

        public bool Equals(AssemblySet? other)
        {
            if (other is null || _assemblies.Length != other._assemblies.Length)
            {
                return false;
            }

            for (var i = 0; i < _assemblies.Length; i++)
            {
                if (!ReferenceEquals(_assemblies[i], other._assemblies[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is AssemblySet other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
