using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// Files matching a glob: <c>*</c> and <c>?</c> within one folder name, <c>[abc]</c>, and <c>**</c> for any depth.
/// The shell expands an unquoted glob itself; quoted, the tool does, the same way everywhere.
/// </summary>
internal static class FileGlob
{
    private static readonly SearchValues<char> Wildcards = SearchValues.Create("*?[");

    public static bool IsPattern(string text) => text.AsSpan().IndexOfAny(Wildcards) >= 0;

    public static IReadOnlyList<string> Match(string pattern, string baseDirectory)
    {
        var normalized = pattern.Replace('\\', '/');
        var root = Path.IsPathRooted(normalized) ? Path.GetPathRoot(Path.GetFullPath(normalized))! : baseDirectory;
        var relative = Path.IsPathRooted(normalized) ? normalized[Path.GetPathRoot(normalized)!.Length..] : normalized;
        var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        if (segments.Length > 0)
        {
            Walk(root, segments, 0, found);
        }

        return found.ToList();
    }

    private static void Walk(string directory, string[] segments, int index, SortedSet<string> found)
    {
        var segment = segments[index];
        var last = index == segments.Length - 1;
        if (segment == "**")
        {
            if (last)
            {
                foreach (var file in Safe(() => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)))
                {
                    found.Add(file);
                }

                return;
            }

            Walk(directory, segments, index + 1, found);
            foreach (var child in Safe(() => Directory.EnumerateDirectories(directory)))
            {
                Walk(child, segments, index, found);
            }

            return;
        }

        if (!IsPattern(segment))
        {
            var path = Path.Combine(directory, segment);
            if (last && File.Exists(path))
            {
                found.Add(Path.GetFullPath(path));
            }
            else if (!last && Directory.Exists(path))
            {
                Walk(path, segments, index + 1, found);
            }

            return;
        }

        var regex = ToRegex(segment);
        var entries = last ? Safe(() => Directory.EnumerateFiles(directory)) : Safe(() => Directory.EnumerateDirectories(directory));
        foreach (var entry in entries)
        {
            if (!regex.IsMatch(Path.GetFileName(entry)))
            {
                continue;
            }

            if (last)
            {
                found.Add(Path.GetFullPath(entry));
            }
            else
            {
                Walk(entry, segments, index + 1, found);
            }
        }
    }

    private static Regex ToRegex(string segment)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*':
                    pattern.Append(".*");
                    break;
                case '?':
                    pattern.Append('.');
                    break;
                case '[':
                    var close = segment.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        pattern.Append(@"\[");
                        break;
                    }

                    var set = segment[(i + 1)..close];
                    pattern.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                default:
                    pattern.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    // A folder that vanishes or cannot be read while walking is not a match, not a crash.
    private static IEnumerable<string> Safe(Func<IEnumerable<string>> list)
    {
        try
        {
            return list().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
