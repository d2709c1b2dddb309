using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MigrationChain.Testing.Schema;

/// <summary>
/// A database's schema as a sorted set of objects, each a key that names it (<c>column "items"."qty"</c>) and a
/// definition that describes it (<c>INTEGER NOT NULL</c>). Two snapshots differ exactly where an object was added,
/// removed or redefined, which is what a failure message needs to show.
/// </summary>
internal sealed class SchemaSnapshot
{
    private readonly SortedDictionary<string, string> _objects;

    public SchemaSnapshot(IEnumerable<KeyValuePair<string, string>> objects)
    {
        _objects = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, definition) in objects)
        {
            // Two catalog rows for one key (e.g. two identical CHECKs) are one fact for the comparison.
            _objects[key] = _objects.TryGetValue(key, out var existing) && !string.Equals(existing, definition, StringComparison.Ordinal)
                ? existing + " | " + definition
                : definition;
        }
    }

    public IReadOnlyDictionary<string, string> Objects => _objects;

    public int Count => _objects.Count;

    /// <summary>What changed from <paramref name="before"/> to this snapshot, one line per object; empty when equal.</summary>
    public IReadOnlyList<string> DifferencesFrom(SchemaSnapshot before)
    {
        var lines = new List<string>();
        foreach (var key in before._objects.Keys.Union(_objects.Keys).OrderBy(k => k, StringComparer.Ordinal))
        {
            var had = before._objects.TryGetValue(key, out var old);
            var has = _objects.TryGetValue(key, out var now);
            if (had && has && string.Equals(old, now, StringComparison.Ordinal))
            {
                continue;
            }

            lines.Add((had, has) switch
            {
                (false, true) => $"+ {Describe(key, now!)}",
                (true, false) => $"- {Describe(key, old!)}",
                _ => $"~ {key}: {old} -> {now}",
            });
        }

        return lines;
    }

    /// <summary>The differences as a message block, with a legend, limited so a broken chain stays readable.</summary>
    public static string Format(IReadOnlyList<string> differences, string addedMeans, string removedMeans)
    {
        var text = new StringBuilder();
        text.Append("  (+ ").Append(addedMeans).Append(", - ").Append(removedMeans).Append(", ~ changed)");
        var (shown, more) = Rules.Names.FirstOf(differences, 41);
        foreach (var line in shown)
        {
            text.Append("\n  ").Append(line);
        }

        if (more > 0)
        {
            text.Append("\n  ... and ").Append(more).Append(" more");
        }

        return text.ToString();
    }

    public override string ToString() => string.Join("\n", _objects.Select(o => Describe(o.Key, o.Value)));

    private static string Describe(string key, string definition) => definition.Length == 0 ? key : $"{key}: {definition}";
}
