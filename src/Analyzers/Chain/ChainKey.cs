using System;
using System.Collections.Generic;

namespace MigrationChain.Analyzers.Chain;

/// <summary>
/// What a chain view rests on: the cached facts of every tree with migrations and the cached migrations of every
/// referenced assembly with any, compared by identity, and how the compilation reads the name <c>Migration</c>.
/// Two compilations with equal keys (and facts read from syntax alone) have the same chain.
/// </summary>
internal sealed class ChainKey : IEquatable<ChainKey>
{
    private readonly List<object> _parts;
    private readonly bool _baseNameIsUnambiguous;

    public ChainKey(List<object> parts, bool baseNameIsUnambiguous)
    {
        _parts = parts;
        _baseNameIsUnambiguous = baseNameIsUnambiguous;
    }

    public bool Equals(ChainKey? other)
    {
        if (other is null || other._parts.Count != _parts.Count || other._baseNameIsUnambiguous != _baseNameIsUnambiguous)
        {
            return false;
        }

        for (var i = 0; i < _parts.Count; i++)
        {
            if (!SamePart(_parts[i], other._parts[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ChainKey);

    public override int GetHashCode() => _parts.Count;

    // Referenced parts are immutable arrays: the same cached array is the same underlying array.
    private static bool SamePart(object a, object b) =>
        ReferenceEquals(a, b) || (a is System.Collections.Immutable.ImmutableArray<Facts.ReferencedMigration> x && b is System.Collections.Immutable.ImmutableArray<Facts.ReferencedMigration> y && x == y);
}
