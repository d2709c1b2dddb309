using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain;

/// <summary>
/// The branch labels a revision lies on. Immutable and shared: a revision with one parent and no label of its own
/// reuses its parent's set, so labelling a long chain allocates nothing per revision.
/// </summary>
internal sealed class BranchSet : IEquatable<BranchSet>
{
    public static readonly BranchSet Empty = new(Array.Empty<string>());

    private BranchSet(string[] labels)
    {
        Labels = labels;
        Key = string.Join("\u001f", labels);
    }

    /// <summary>Sorted, distinct labels.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>A string equal for equal sets, for grouping.</summary>
    public string Key { get; }

    public bool IsEmpty => Labels.Count == 0;

    public bool Contains(string label) => Array.BinarySearch((string[])Labels, label, StringComparer.Ordinal) >= 0;

    public BranchSet With(string label) =>
        Contains(label) ? this : new BranchSet(Labels.Append(label).OrderBy(l => l, StringComparer.Ordinal).ToArray());

    public BranchSet Union(BranchSet other)
    {
        if (other.IsEmpty || ReferenceEquals(this, other))
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var merged = Labels.Union(other.Labels, StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        return merged.Length == Labels.Count ? this : new BranchSet(merged);
    }

    public bool Equals(BranchSet? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as BranchSet);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    /// <summary>For messages: <c>branch 'plugins'</c>, <c>branches 'a', 'b'</c> or <c>the main line</c>.</summary>
    public override string ToString() => Labels.Count switch
    {
        0 => "the main line",
        1 => $"branch '{Labels[0]}'",
        _ => "branches " + string.Join(", ", Labels.Select(l => $"'{l}'")),
    };
}
