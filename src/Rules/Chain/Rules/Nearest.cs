using System;
using System.Collections.Generic;

namespace MigrationChain.Rules;

/// <summary>
/// "Did you mean": the known name closest to what was typed, by edit distance, or null when nothing is close enough
/// to be a likely typo. One definition of "close" for the chain rules (MC1002's suggestion) and the CLI (verbs, URL
/// schemes, connection-string and config keys).
/// </summary>
internal static class Nearest
{
    /// <summary>The distance a name must stay under to be suggested: one edit per four characters, at least two.</summary>
    public static int Limit(string typed) => Math.Max(2, typed.Length / 4) + 1;

    /// <summary>The closest of <paramref name="known"/> within <see cref="Limit"/>, the first of equals; or null.</summary>
    public static string? Name(string typed, IEnumerable<string> known, bool ignoreCase = false)
    {
        var text = ignoreCase ? typed.ToLowerInvariant() : typed;
        string? best = null;
        var bestDistance = Limit(typed);
        foreach (var name in known)
        {
            if (Math.Abs(name.Length - text.Length) >= bestDistance)
            {
                continue;
            }

            var distance = Distance(text, ignoreCase ? name.ToLowerInvariant() : name, bestDistance);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>
    /// Levenshtein distance with an adjacent transposition counted as one edit ("upgarde"), giving up (returning
    /// <paramref name="limit"/>) once it cannot come under the limit.
    /// </summary>
    public static int Distance(string a, string b, int limit)
    {
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        var previousMin = 0;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, beforePrevious[j - 2] + 1);
                }

                current[j] = best;
                rowMin = Math.Min(rowMin, best);
            }

            // Every later row is at least the smaller of this row's minimum and the previous row's plus one (a
            // transposition reaches back two rows), so once both are out of reach the result is too.
            if (rowMin >= limit && previousMin >= limit - 1)
            {
                return limit;
            }

            previousMin = rowMin;
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return Math.Min(previous[b.Length], limit);
    }
}
