using System.Text;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>
/// Reads the part of YAML the manifests under deploy/ are written in: documents separated by '---', block maps and
/// block sequences by indentation (a sequence may sit at its key's indentation), plain, single- and double-quoted
/// scalars, '|' blocks (without blank lines) and '#' comments. Anything else (flow collections, anchors, tags) is refused with its line, so
/// a manifest that outgrows the reader fails the test instead of being misread. Maps are dictionaries, sequences
/// lists, scalars strings.
/// </summary>
internal static class TinyYaml
{
    public static List<object?> Documents(string text)
    {
        var documents = new List<object?>();
        var current = new List<(int Indent, string Text, int Number)>();
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            if (raw.TrimEnd() == "---")
            {
                Flush();
                continue;
            }

            var content = StripComment(raw).TrimEnd();
            if (content.Trim().Length > 0)
            {
                current.Add((content.Length - content.TrimStart().Length, content.Trim(), number));
            }
        }

        Flush();
        return documents;

        void Flush()
        {
            if (current.Count > 0)
            {
                var lines = current.ToList();
                var position = 0;
                documents.Add(Block(lines, ref position, lines[0].Indent));
            }

            current.Clear();
        }
    }

    private static object? Block(List<(int Indent, string Text, int Number)> lines, ref int position, int indent) =>
        lines[position].Text.StartsWith('-') && (lines[position].Text.Length == 1 || lines[position].Text[1] == ' ')
            ? Sequence(lines, ref position, indent)
            : Map(lines, ref position, indent);

    private static List<object?> Sequence(List<(int Indent, string Text, int Number)> lines, ref int position, int indent)
    {
        var items = new List<object?>();
        while (position < lines.Count && lines[position].Indent == indent && lines[position].Text.StartsWith('-'))
        {
            var (_, text, number) = lines[position];
            var rest = text[1..].TrimStart();
            if (rest.Length == 0)
            {
                position++;
                items.Add(position < lines.Count && lines[position].Indent > indent ? Block(lines, ref position, lines[position].Indent) : null);
            }
            else if (KeyOf(rest) is not null)
            {
                // "- key: value" opens a map whose keys sit where 'key' does.
                var inner = indent + (text.Length - rest.Length);
                lines[position] = (inner, rest, number);
                items.Add(Map(lines, ref position, inner));
            }
            else
            {
                items.Add(Scalar(rest, number));
                position++;
            }
        }

        return items;
    }

    private static Dictionary<string, object?> Map(List<(int Indent, string Text, int Number)> lines, ref int position, int indent)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (position < lines.Count && lines[position].Indent == indent && !lines[position].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            var (_, text, number) = lines[position];
            var key = KeyOf(text) ?? throw new FormatException($"line {number}: '{text}' is not 'key: value'.");
            var value = text[(key.Length + 1)..].Trim();
            position++;
            if (value is "|" or "|-")
            {
                var block = new StringBuilder();
                while (position < lines.Count && lines[position].Indent > indent)
                {
                    block.Append(lines[position].Text).Append('\n');
                    position++;
                }

                map[key] = block.ToString();
            }
            else if (value.Length > 0)
            {
                map[key] = Scalar(value, number);
            }
            else if (position < lines.Count && (lines[position].Indent > indent || (lines[position].Indent == indent && lines[position].Text.StartsWith("- ", StringComparison.Ordinal))))
            {
                map[key] = Block(lines, ref position, lines[position].Indent);
            }
            else
            {
                map[key] = null;
            }
        }

        return map;
    }

    private static string? KeyOf(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && (colon == text.Length - 1 || text[colon + 1] == ' ') && !text.StartsWith('"') && !text.StartsWith('\'')
            ? text[..colon]
            : null;
    }

    private static string Scalar(string text, int number)
    {
        if (text[0] is '[' or '{' or '&' or '*' or '!' or '>')
        {
            throw new FormatException($"line {number}: '{text}' uses YAML this reader does not take (flow collections, anchors, tags, folded blocks); write it in block style.");
        }

        if (text[0] == '"')
        {
            return text.Length >= 2 && text[^1] == '"' ? text[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : throw new FormatException($"line {number}: unclosed quote.");
        }

        return text[0] == '\''
            ? text.Length >= 2 && text[^1] == '\'' ? text[1..^1].Replace("''", "'", StringComparison.Ordinal) : throw new FormatException($"line {number}: unclosed quote.")
            : text;
    }

    /// <summary>The line without a comment: '#' at its start or after a space, outside quotes.</summary>
    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }
}
