using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MigrationChain.Cli.Output;

/// <summary>Columns aligned with spaces, a header and a rule: readable on a terminal and in a CI log alike.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = new();

    public TextTable(params string[] headers)
    {
        _headers = headers;
    }

    public void Add(params string?[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells.Select(c => (c ?? string.Empty).Replace('\n', ' ')).ToArray());
    }

    public IEnumerable<string> Lines()
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        yield return Format(_headers, widths);
        yield return string.Join("  ", widths.Select(w => new string('-', w)));
        foreach (var row in _rows)
        {
            yield return Format(row, widths);
        }
    }

    private static string Format(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }

        return line.ToString().TrimEnd();
    }
}
