using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;

namespace MigrationChain.Manifest;

/// <summary>
/// The text of a chain manifest, the one string the source generator writes into an assembly
/// (<c>[assembly: MigrationChainManifest(...)]</c>) and the runtime, the CLI and the build task read. One writer and one
/// reader, here, so the four agree on every byte.
/// </summary>
/// <remarks>
/// <para>A first line <c>migrationchain-manifest N</c>, then one line per revision in chain order, fields separated by
/// TAB.</para>
/// <para>Format 1: <c>revision, assembly, type, checksum</c>.</para>
/// <para>Format 2 adds what validating the chain needs, so a reader never has to load the classes:
/// <c>revision, assembly, type, checksum, parents, parent-declaration, branch, depends-on, flags, file, line, column</c>.
/// Lists are comma-separated. Parent declaration is one of <c>N P S B</c> (none, <c>Parent</c>, <c>Parents</c>,
/// both). Flags: <c>m</c> when the class is a migration class (derives from <c>Migration</c>, concrete, with a
/// parameterless constructor). File, line and column are where <c>[Migration]</c> is written, for the owner's own
/// revisions; empty otherwise.</para>
/// <para>Every field is escaped: <c>\\</c>, <c>\t</c>, <c>\n</c>, <c>\r</c> and <c>\,</c> stand for themselves; an
/// empty field is "none" (null, or an empty list) and <c>\0</c> is the empty string, so an invalid declaration such as
/// <c>Parent = ""</c> reaches the rules exactly as written. A checksum of <c>-</c> means unknown.</para>
/// </remarks>
internal static partial class ChainManifestText
{
    /// <summary>The first line of a format-1 manifest.</summary>
    public const string Header1 = "migrationchain-manifest 1";

    /// <summary>The first line of a format-2 manifest, the one <see cref="Write"/> produces.</summary>
    public const string Header2 = "migrationchain-manifest 2";

    private const string UnknownChecksum = "-";
    private const char Tab = '\t';
    private const char ListSeparator = ',';
    private const string EmptyString = "\\0";

    /// <summary>A format-2 manifest of <paramref name="rows"/>, in the order given (the writer's chain order).</summary>
    /// <exception cref="ArgumentException">A row has no <see cref="ChainManifestRow.Info"/>: format 2 needs the facts.</exception>
    public static string Write(IEnumerable<ChainManifestRow> rows)
    {
        if (rows is null)
        {
            throw new ArgumentNullException(nameof(rows));
        }

        var text = new StringBuilder(Header2);
        foreach (var row in rows)
        {
            var info = row.Info ?? throw new ArgumentException($"The manifest row of '{row.Revision}' has no chain facts; format 2 needs them.", nameof(rows));
            AppendRow(text.Append('\n'), row, info);
        }

        return text.ToString();
    }

    /// <summary>
    /// One format-2 row of <see cref="Write"/> (<paramref name="info"/> is the row's chain facts), without its line
    /// break: the generator writes each row on its own, into a buffer it reuses.
    /// </summary>
    public static StringBuilder AppendRow(StringBuilder text, ChainManifestRow row, RevisionInfo info)
    {
        AppendField(text, row.Revision).Append(Tab);
        AppendField(text, row.AssemblyName).Append(Tab);
        AppendField(text, row.TypeName).Append(Tab);
        AppendField(text, row.Checksum ?? UnknownChecksum).Append(Tab);
        AppendList(text, info.Parents).Append(Tab);
        text.Append(DeclarationCode(info.ParentDeclaration)).Append(Tab);
        AppendField(text, info.Branch).Append(Tab);
        AppendList(text, info.DependsOn).Append(Tab);
        if (info.IsMigrationClass)
        {
            text.Append('m');
        }

        text.Append(Tab);
        if (row.Source is { } source)
        {
            return AppendField(text, source.FilePath).Append(Tab)
                .Append(source.Line.ToString(CultureInfo.InvariantCulture)).Append(Tab)
                .Append(source.Column.ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(Tab).Append(Tab);
    }

    /// <summary>
    /// The rows of a format-1 or format-2 manifest, or null when <paramref name="text"/> is null, has another header
    /// (a newer format) or a malformed line: the caller then treats the assembly as if it had no manifest.
    /// </summary>
    public static IReadOnlyList<ChainManifestRow>? Parse(string? text) => text is null ? null : Parse(ManifestChars.Of(text));

    /// <summary><see cref="Parse(string)"/> over a manifest's characters, such as its UTF-8 bytes read in place.</summary>
    [MethodImpl(StartPath.Optimized)]
    public static IReadOnlyList<ChainManifestRow>? Parse(ManifestChars text)
    {
        var firstEnd = LineEnd(text, 0);
        var format = FormatOf(text, firstEnd);
        if (format == 0)
        {
            return null;
        }

        // An upper bound on the rows, so a list of 10,000 is allocated once instead of regrown a dozen times.
        var rows = new List<ChainManifestRow>(text.Count('\n'));
        var reader = format == 2 ? new Format2Reader(text) : null;
        for (var start = firstEnd + 1; start <= text.Length; )
        {
            var end = LineEnd(text, start);
            var lineEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd > start)
            {
                var row = reader is not null
                    ? reader.Row(start, lineEnd)
                    : RowOfFormat1(text.Text(start, lineEnd - start).Split(Tab));
                if (row is null)
                {
                    return null;
                }

                rows.Add(row);
            }

            start = end + 1;
        }

        return rows;
    }

    /// <summary>
    /// The format-2 rows whose assembly is <paramref name="assemblyName"/> (what the manifest's owner recorded about its
    /// own migrations: checksums and locations), without reading the other rows beyond their assembly field: a
    /// reader that only wants an assembly's own facts does not pay for the whole chain each manifest repeats. Null
    /// when the text is not a format-2 manifest or an own row is malformed.
    /// </summary>
    public static IReadOnlyList<ChainManifestRow>? ParseRowsOf(string? text, string assemblyName)
    {
        if (text is null || assemblyName is null)
        {
            return null;
        }

        var chars = ManifestChars.Of(text);
        var firstEnd = LineEnd(chars, 0);
        if (FormatOf(chars, firstEnd) != 2)
        {
            return null;
        }

        var owner = AppendField(new StringBuilder(), assemblyName).ToString();
        var rows = new List<ChainManifestRow>();
        var reader = new Format2Reader(chars);
        for (var start = firstEnd + 1; start <= text.Length; )
        {
            var end = LineEnd(chars, start);
            var lineEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
            var assemblyStart = text.IndexOf(Tab, start, lineEnd - start) + 1;
            if (assemblyStart > 0
                && assemblyStart + owner.Length < lineEnd
                && text[assemblyStart + owner.Length] == Tab
                && string.CompareOrdinal(text, assemblyStart, owner, 0, owner.Length) == 0)
            {
                if (reader.Row(start, lineEnd) is not { } row)
                {
                    return null;
                }

                rows.Add(row);
            }

            start = end + 1;
        }

        return rows;
    }

    /// <summary>True when <paramref name="text"/> starts with the header of format 2, the one that carries chain facts.</summary>
    public static bool IsFormat2(ManifestChars text) => FormatOf(text, LineEnd(text, 0)) == 2;

    // 2 or 1 for a known header on the first line [0, firstEnd) (trailing CRs allowed), 0 for anything else.
    private static int FormatOf(ManifestChars text, int firstEnd)
    {
        var length = firstEnd;
        while (length > 0 && text[length - 1] == '\r')
        {
            length--;
        }

        return text.TextEquals(0, length, Header2) ? 2 : text.TextEquals(0, length, Header1) ? 1 : 0;
    }

    // Format 1 was written without escapes (its fields never needed any), so its fields are taken as they are.
    private static ChainManifestRow? RowOfFormat1(string[] raw)
    {
        if (raw.Length != 4 || Array.Exists(raw, f => f.Length == 0))
        {
            return null;
        }

        return new ChainManifestRow(raw[0], raw[1], raw[2], raw[3] == UnknownChecksum ? null : raw[3]);
    }

    private static int LineEnd(ManifestChars text, int start)
    {
        var end = text.IndexOf('\n', start, text.Length - start);
        return end < 0 ? text.Length : end;
    }

    private static StringBuilder AppendList(StringBuilder text, IReadOnlyList<string> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                text.Append(ListSeparator);
            }

            AppendField(text, items[i]);
        }

        return text;
    }

    private static StringBuilder AppendField(StringBuilder text, string? value)
    {
        if (value is null)
        {
            return text;
        }

        if (value.Length == 0)
        {
            return text.Append(EmptyString);
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case Tab: text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case ListSeparator: text.Append("\\,"); break;
                default: text.Append(c); break;
            }
        }

        return text;
    }

    private static char DeclarationCode(ParentDeclaration declaration) => declaration switch
    {
        ParentDeclaration.Parent => 'P',
        ParentDeclaration.Parents => 'S',
        ParentDeclaration.Both => 'B',
        _ => 'N',
    };
}
