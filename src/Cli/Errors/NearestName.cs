using System;
using System.Collections.Generic;

namespace MigrationChain.Cli.Errors;

/// <summary>
/// "Did you mean": the known name closest to what was typed (a verb, a URL scheme, a connection-string key, a config
/// key), by edit distance, or null when nothing is close enough to be a likely typo.
/// </summary>
internal static class NearestName
{
    public static string? Find(string typed, IEnumerable<string> known)
    {
        string? best = null;
        // A typo changes a few characters: allow one edit per four, at least two.
        var bestDistance = Math.Max(2, typed.Length / 4) + 1;
        foreach (var name in known)
        {
            var distance = Distance(typed.ToLowerInvariant(), name.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>" Did you mean 'x'?" or nothing, to append to a sentence.</summary>
    public static string Suggestion(string typed, IEnumerable<string> known) =>
        Find(typed, known) is { } nearest ? $" Did you mean '{nearest}'?" : string.Empty;

    // Levenshtein distance with adjacent transpositions counted as one edit ("upgarde").
    private static int Distance(string a, string b)
    {
        var rows = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            rows[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(rows[i - 1, j] + 1, rows[i, j - 1] + 1), rows[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, rows[i - 2, j - 2] + 1);
                }

                rows[i, j] = best;
            }
        }

        return rows[a.Length, b.Length];
    }
}
