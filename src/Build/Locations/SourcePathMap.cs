using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MigrationChain.Build.Locations;

/// <summary>
/// Turns the paths a deterministic build writes into debug information (<c>/_/src/Migrations/M0004.cs</c>, from
/// <c>PathMap</c>) back into paths on this machine, so an error links to a file the IDE or CI can open.
/// </summary>
internal sealed class SourcePathMap
{
    public static readonly SourcePathMap None = new(Array.Empty<KeyValuePair<string, string>>());

    // Longest mapped prefix first, so nested source roots win over their parents.
    private readonly KeyValuePair<string, string>[] _mappedToLocal;

    /// <param name="roots">Pairs of (local root, mapped root), as MSBuild's <c>SourceRoot</c> items and their <c>MappedPath</c>.</param>
    public SourcePathMap(IEnumerable<KeyValuePair<string, string>> roots)
    {
        _mappedToLocal = roots
            .Where(r => r.Key.Length > 0 && r.Value.Length > 0)
            .Select(r => new KeyValuePair<string, string>(r.Value, r.Key))
            .OrderByDescending(r => r.Key.Length)
            .ToArray();
    }

    public string ToLocal(string path)
    {
        foreach (var root in _mappedToLocal)
        {
            if (path.StartsWith(root.Key, StringComparison.Ordinal))
            {
                var rest = path.Substring(root.Key.Length).Replace('/', Path.DirectorySeparatorChar);
                return Path.Combine(root.Value, rest);
            }
        }

        return path;
    }
}
