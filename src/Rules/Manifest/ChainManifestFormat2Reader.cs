using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace MigrationChain.Manifest;

internal static partial class ChainManifestText
{
    /// <summary>
    /// Reads the lines of one format-2 manifest in place: fields are located by index and only the values kept are
    /// allocated, so reading 10,000 rows at an application's start costs little more than the strings it returns
    /// (the runtime builds its catalog from these rows instead of reflecting over the classes).
    /// </summary>
    private sealed class Format2Reader
    {
        private const int FieldCount = 12;

        private readonly ManifestChars _text;
        private readonly int[] _starts = new int[FieldCount + 1];
        private bool _plain;

        // Most rows repeat the previous row's assembly, and a linear chain's parent is the previous row's revision:
        // reusing those strings saves an allocation per row and makes later comparisons reference checks.
        private string? _lastAssembly;
        private string? _lastRevision;

        public Format2Reader(ManifestChars text)
        {
            _text = text;
        }

        /// <summary>The row on <c>[start, end)</c>, or null when the line is malformed.</summary>
        // Runs once per revision at every application's start: compiled optimized from the first call, so a cold start
        // does not read thousands of rows through unoptimized code while the tiered JIT waits to promote it.
        [MethodImpl(StartPath.Optimized)]
        public ChainManifestRow? Row(int start, int end)
        {
            if (!Split(start, end))
            {
                return null;
            }

            // Almost every line has no escape at all: one vectorized search says so, and its fields are then plain
            // substrings (no per-field search for a backslash).
            _plain = _text.IndexOf('\\', start, end - start) < 0;

            // A revision (an invalid [Migration("")] the rules must still see) or a type (a class whose name a syntax
            // error lost, in a build that fails anyway) may be the empty string; neither may be missing.
            if (!TryField(0, out var revision) || revision is null
                || !TryField(1, out var assembly, _lastAssembly) || string.IsNullOrEmpty(assembly)
                || !TryField(2, out var type) || type is null
                || FieldEnd(3) == _starts[3]
                || !TryList(4, out var parents)
                || DeclarationOf(_text, _starts[5], FieldEnd(5)) is not { } declaration
                || !TryField(6, out var branch)
                || !TryList(7, out var dependsOn))
            {
                return null;
            }

            // The file, line and column come together or not at all.
            var hasFile = FieldEnd(9) > _starts[9];
            int line = 0, column = 0;
            if (hasFile ? !TryNumber(10, out line) || !TryNumber(11, out column) : FieldEnd(10) > _starts[10] || FieldEnd(11) > _starts[11])
            {
                return null;
            }

            _lastAssembly = assembly;
            _lastRevision = revision;
            var info = new RevisionInfo(revision!, parents, branch, dependsOn)
            {
                ParentDeclaration = declaration,
                IsMigrationClass = FieldEnd(8) - _starts[8] == 1 && _text[_starts[8]] == 'm',
                TypeName = type,
            };

            var checksumLength = FieldEnd(3) - _starts[3];
            var unknown = checksumLength == 1 && _text[_starts[3]] == '-';
            if (_plain)
            {
                // Without escapes the checksum and the file are their text: kept as places in it until asked.
                return new ChainManifestRow(
                    revision!, assembly!, type!, info, _text,
                    unknown ? -1 : _starts[3], checksumLength,
                    hasFile ? _starts[9] : -1, FieldEnd(9) - _starts[9], line, column);
            }

            // A line with escapes (rare: ids and paths seldom hold a tab, comma or backslash) is read whole now, so
            // every escape is checked where the line is.
            if (!TryField(3, out var checksum) || string.IsNullOrEmpty(checksum) || !TryField(9, out var file))
            {
                return null;
            }

            var source = file is null ? null : new SourceLocation(file, line, column);
            return new ChainManifestRow(revision!, assembly!, type!, unknown ? null : checksum, info, source);
        }

        // Field i spans [_starts[i], _starts[i + 1] - 1); false unless the line has exactly twelve fields. Each tab is
        // found by the runtime's vectorized search rather than a loop over every character.
        [MethodImpl(StartPath.Optimized)]
        private bool Split(int start, int end)
        {
            _starts[0] = start;
            var from = start;
            for (var field = 1; field < FieldCount; field++)
            {
                var tab = _text.IndexOf(Tab, from, end - from);
                if (tab < 0)
                {
                    return false;
                }

                _starts[field] = from = tab + 1;
            }

            _starts[FieldCount] = end + 1;
            return _text.IndexOf(Tab, from, end - from) < 0;
        }

        private int FieldEnd(int field) => _starts[field + 1] - 1;

        private bool TryField(int field, out string? value, string? reuse = null) =>
            TryValue(_starts[field], FieldEnd(field), out value, reuse);

        // A field or list item of a line without escapes is its text, or the reused string when they are equal.
        [MethodImpl(StartPath.Optimized)]
        private bool TryValue(int start, int end, out string? value, string? reuse)
        {
            if (!_plain)
            {
                return TryUnescape(_text, start, end, out value, reuse);
            }

            var length = end - start;
            value = length == 0
                ? null
                : reuse is not null && _text.TextEquals(start, length, reuse)
                    ? reuse
                    : _text.Text(start, length);
            return true;
        }

        // Digits only, as int.TryParse with NumberStyles.None reads them (no sign, no spaces), without a substring.
        [MethodImpl(StartPath.Optimized)]
        private bool TryNumber(int field, out int value)
        {
            value = 0;
            var start = _starts[field];
            var end = FieldEnd(field);
            if (end == start)
            {
                return false;
            }

            long number = 0;
            for (var i = start; i < end; i++)
            {
                var digit = _text[i] - '0';
                if (digit is < 0 or > 9 || (number = (number * 10) + digit) > int.MaxValue)
                {
                    return false;
                }
            }

            value = (int)number;
            return true;
        }

        // The writer escapes every comma inside an item, so a comma not preceded by an escaping backslash separates items.
        [MethodImpl(StartPath.Optimized)]
        private bool TryList(int field, out IReadOnlyList<string> items)
        {
            items = Array.Empty<string>();
            var start = _starts[field];
            var end = FieldEnd(field);
            if (end == start)
            {
                return true;
            }

            // The common list, one item without escapes (a parent): one array, no list.
            if (_plain && _text.IndexOf(ListSeparator, start, end - start) < 0)
            {
                TryValue(start, end, out var single, _lastRevision);
                items = new[] { single! };
                return true;
            }

            var values = new List<string>(2);
            var itemStart = start;
            for (var i = start; i <= end; i++)
            {
                if (i < end && _text[i] == '\\')
                {
                    i++;
                    continue;
                }

                if (i == end || _text[i] == ListSeparator)
                {
                    if (!TryUnescape(_text, itemStart, i, out var value, _lastRevision) || value is null)
                    {
                        return false;
                    }

                    values.Add(value);
                    itemStart = i + 1;
                }
            }

            // A dangling backslash at the end skips past it, leaving the last item unread.
            if (itemStart != end + 1)
            {
                return false;
            }

            items = values.Count == 1 ? new[] { values[0] } : values.ToArray();
            return true;
        }
    }

    // One pass over [start, end): "" is null (none), "\\0" the empty string; false on a dangling or unknown escape.
    // When the text equals reuse, reuse itself is returned instead of a new string. The runs between escapes are
    // decoded whole, so a UTF-8 manifest's multi-byte characters come out as written.
    private static bool TryUnescape(ManifestChars text, int start, int end, out string? value, string? reuse = null)
    {
        value = null;
        var length = end - start;
        if (length == 0)
        {
            return true;
        }

        if (length == 2 && text[start] == '\\' && text[start + 1] == '0')
        {
            value = string.Empty;
            return true;
        }

        if (text.IndexOf('\\', start, length) < 0)
        {
            value = reuse is not null && text.TextEquals(start, length, reuse) ? reuse : text.Text(start, length);
            return true;
        }

        var unescaped = new StringBuilder(length);
        var run = start;
        for (var i = start; i < end; i++)
        {
            if (text[i] != '\\')
            {
                continue;
            }

            if (i > run)
            {
                unescaped.Append(text.Text(run, i - run));
            }

            if (++i >= end)
            {
                return false;
            }

            switch (text[i])
            {
                case '\\': unescaped.Append('\\'); break;
                case ',': unescaped.Append(','); break;
                case 't': unescaped.Append(Tab); break;
                case 'n': unescaped.Append('\n'); break;
                case 'r': unescaped.Append('\r'); break;
                default: return false;
            }

            run = i + 1;
        }

        if (end > run)
        {
            unescaped.Append(text.Text(run, end - run));
        }

        value = unescaped.ToString();
        return true;
    }

    private static ParentDeclaration? DeclarationOf(ManifestChars text, int start, int end) =>
        end - start != 1 ? null : text[start] switch
        {
            'N' => ParentDeclaration.None,
            'P' => ParentDeclaration.Parent,
            'S' => ParentDeclaration.Parents,
            'B' => ParentDeclaration.Both,
            _ => null,
        };
}
