using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MigrationChain.Templates;

/// <summary>
/// How a new migration is named: a revision id made of the UTC time and a slug of the message
/// (<c>20260125_143012_add_tags</c>), and a class name derived from it (<c>M20260125_143012_AddTags</c>).
/// </summary>
/// <remarks>
/// A timestamp needs no coordination: two developers on two branches never pick the same id, as they would with a
/// counter, and ids sort in the order they were written. The slug makes an id readable in <c>history</c> and in the
/// version table. The class name keeps the timestamp so files sort the same way and never collide.
/// </remarks>
public static class MigrationNaming
{
    /// <summary>The longest slug kept from a message; ids stay short enough to read in a log line.</summary>
    public const int MaxSlugLength = 40;

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>A revision id for a migration written at <paramref name="utc"/>: <c>yyyyMMdd_HHmmss_slug</c>.</summary>
    /// <param name="utc">When; converted to UTC if it is not already.</param>
    /// <param name="message">What the migration does, e.g. <c>add tags</c>.</param>
    public static string RevisionIdFor(DateTime utc, string? message)
    {
        var stamp = utc.ToUniversalTime().ToString("yyyyMMdd'_'HHmmss", CultureInfo.InvariantCulture);
        var slug = Slug(message);
        return slug.Length == 0 ? stamp : stamp + "_" + slug;
    }

    /// <summary>
    /// Lower-case ASCII words joined by '_': accents are dropped, anything else separates words, and the result is cut
    /// at a word boundary to <see cref="MaxSlugLength"/>. Empty when the message has no letters or digits.
    /// </summary>
    public static string Slug(string? message)
    {
        var words = Words(message);
        var slug = new StringBuilder();
        foreach (var word in words)
        {
            var lower = word.ToLowerInvariant();
            var needed = slug.Length == 0 ? lower.Length : lower.Length + 1;
            if (slug.Length + needed > MaxSlugLength)
            {
                if (slug.Length == 0)
                {
                    slug.Append(lower, 0, MaxSlugLength);
                }

                break;
            }

            if (slug.Length > 0)
            {
                slug.Append('_');
            }

            slug.Append(lower);
        }

        return slug.ToString();
    }

    /// <summary>
    /// A class name for a revision id: runs of digits are kept as they are, words become PascalCase, and a name that
    /// would start with a digit gets the prefix <c>M</c>. <c>20260125_143012_add_tags</c> gives <c>M20260125_143012_AddTags</c>.
    /// </summary>
    public static string ClassNameFor(string revision)
    {
        var parts = new List<string>();
        var pascal = new StringBuilder();
        foreach (var word in Words(revision))
        {
            if (char.IsDigit(word[0]) && pascal.Length == 0)
            {
                parts.Add(word);
                continue;
            }

            pascal.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
        }

        if (pascal.Length > 0)
        {
            parts.Add(pascal.ToString());
        }

        var name = parts.Count == 0 ? "Migration" : string.Join("_", parts);
        return char.IsDigit(name[0]) || Keywords.Contains(name) ? "M" + name : name;
    }

    /// <summary>True for a C# identifier that is not a keyword (letters, digits and '_', not starting with a digit).</summary>
    public static bool IsIdentifier(string? name)
    {
        if (name is null || name.Length == 0 || char.IsDigit(name[0]) || Keywords.Contains(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ASCII letter-or-digit words of a text, accents removed.</summary>
    private static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (text is null)
        {
            return words;
        }

        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
