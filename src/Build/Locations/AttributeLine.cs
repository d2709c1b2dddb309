using System;
using System.Collections.Generic;

namespace MigrationChain.Build.Locations;

/// <summary>
/// Finds the <c>[Migration(...)]</c> attribute above a class's first line of code, because debug information records
/// where method bodies are, not where the attribute is. A heuristic for builds without the source generator.
/// </summary>
internal static class AttributeLine
{
    // The attribute sits above the class, and the class's first statement is rarely further below than this.
    private const int MaxLinesAbove = 400;

    private static readonly string[] Markers = { "MigrationAttribute(", "Migration(" };

    /// <summary>The one-based line and column of the attribute's name, or null when none is found.</summary>
    /// <param name="lines">The source file's lines.</param>
    /// <param name="firstCodeLine">One-based line of the class's first sequence point.</param>
    public static (int Line, int Column)? Find(IReadOnlyList<string> lines, int firstCodeLine)
    {
        var start = Math.Min(firstCodeLine, lines.Count);
        var stop = Math.Max(1, start - MaxLinesAbove);
        for (var line = start; line >= stop; line--)
        {
            var text = lines[line - 1];
            foreach (var marker in Markers)
            {
                var index = text.IndexOf(marker, StringComparison.Ordinal);
                if (index >= 0 && (index == 0 || !IsIdentifierPart(text[index - 1])))
                {
                    return (line, NameStart(text, index) + 1);
                }
            }
        }

        return null;
    }

    /// <summary>Where a qualified name such as <c>global::MigrationChain.Migration</c> starts, as the compiler reports it.</summary>
    private static int NameStart(string text, int index)
    {
        while (index > 0 && (text[index - 1] is '.' or ':' || IsIdentifierPart(text[index - 1])))
        {
            index--;
        }

        return index;
    }

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
