using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Manifest;
using Microsoft.CodeAnalysis.CSharp;

namespace MigrationChain.Analyzers.Manifest;

/// <summary>
/// One row of the manifest as the generator writes it: a line break and the row's format-2 text
/// (<see cref="ChainManifestText.Write"/>), escaped for a C# string literal. Written once per migration and kept with
/// the declaration (or referenced migration) it was written from: an edit that leaves a migration's tree alone hands
/// the generator the same declaration and facts objects, so the row is a look-up, not a new string, and the chunks
/// built from unchanged rows compare equal by reference.
/// </summary>
internal sealed class ManifestRow
{
    // Keyed by the facts object the row was written from; a slot holds the last row written for it.
    private static readonly ConditionalWeakTable<object, Slot> Written = new();

    private readonly RevisionInfo _info;

    private ManifestRow(ChainManifestRow row, RevisionInfo info)
    {
        _info = info;
        Revision = row.Revision;
        AssemblyName = row.AssemblyName;
        TypeName = row.TypeName;
        Literal = RowLiteral.Of(row, info);
        EndHash = Fnv.Hash32(Revision);
        Key = Fnv.Hash64(Fnv.Hash64(Fnv.Hash64(Fnv.Offset64, Revision), AssemblyName), TypeName);
    }

    public string Revision { get; }

    public string AssemblyName { get; }

    public string TypeName { get; }

    /// <summary>"\n" and the row, escaped as <c>SymbolDisplay.FormatLiteral</c> escapes it, without quotes.</summary>
    public string Literal { get; }

    /// <summary>A hash of the revision id alone: whether a chunk may end after this row (<see cref="ManifestChunking"/>).</summary>
    public uint EndHash { get; }

    /// <summary>A hash of revision, assembly and class: names the chunk this row starts, whatever the row's other facts.</summary>
    public ulong Key { get; }

    /// <summary>The row of one of the compilation's own migrations.</summary>
    public static ManifestRow Of(MigrationDeclaration declaration, RevisionInfo info, string assemblyName)
    {
        var slot = Written.GetValue(declaration, static _ => new Slot());
        if (Volatile.Read(ref slot.Last) is { } last && ReferenceEquals(last._info, info) && last.AssemblyName == assemblyName)
        {
            return last;
        }

        var row = new ManifestRow(
            new ChainManifestRow(info.Revision, assemblyName, declaration.MetadataName, declaration.Checksum, info, declaration.Location), info);
        Volatile.Write(ref slot.Last, row);
        return row;
    }

    /// <summary>
    /// The row of a referenced assembly's migration. Its location belongs to its own assembly's manifest, which its
    /// next build refreshes, so none is written here.
    /// </summary>
    public static ManifestRow Of(ReferencedMigration migration)
    {
        var slot = Written.GetValue(migration, static _ => new Slot());
        var info = migration.Info;
        if (Volatile.Read(ref slot.Last) is { } last && ReferenceEquals(last._info, info))
        {
            return last;
        }

        var row = new ManifestRow(new ChainManifestRow(migration.Revision, migration.Assembly, migration.TypeName, migration.Checksum, info), info);
        Volatile.Write(ref slot.Last, row);
        return row;
    }

    private sealed class Slot
    {
        public ManifestRow? Last;
    }
}

/// <summary>
/// A row's text, escaped for a C# literal, written through buffers a thread reuses: one string per row, where writing
/// the whole-manifest form of one row, cutting off its header, escaping it and cutting off the quotes made five (about
/// 3 KB per migration, 3 MB per 1,000-migration build).
/// </summary>
internal static class RowLiteral
{
    [ThreadStatic]
    private static StringBuilder? t_text;

    [ThreadStatic]
    private static char[]? t_chars;

    [ThreadStatic]
    private static char[]? t_escaped;

    /// <summary>"\n" and the row, escaped exactly as <c>SymbolDisplay.FormatLiteral(text, quote: true)</c> escapes it, without the quotes.</summary>
    public static string Of(ChainManifestRow row, RevisionInfo info)
    {
        var text = t_text ??= new StringBuilder(512);
        text.Clear().Append('\n');
        ChainManifestText.AppendRow(text, row, info);
        var length = text.Length;
        var chars = Buffer(ref t_chars, length);
        text.CopyTo(0, chars, 0, length);
        if (text.Capacity > 4096)
        {
            t_text = null; // an unusually long row: not kept for the rest of the build
        }

        // A row is printable ASCII and its tabs, as a rule: FormatLiteral leaves such characters as they are and
        // escapes the line break, tabs, backslashes and quotes with one backslash. Any other character (a control
        // character, non-ASCII text in a path or an id) goes through FormatLiteral itself.
        var escapedLength = length;
        for (var i = 0; i < length; i++)
        {
            var c = chars[i];
            if (c is '\n' or '\t' or '\\' or '"')
            {
                escapedLength++;
            }
            else if (c < ' ' || c > '~')
            {
                var quoted = SymbolDisplay.FormatLiteral(new string(chars, 0, length), quote: true);
                return quoted.Substring(1, quoted.Length - 2);
            }
        }

        var escaped = Buffer(ref t_escaped, escapedLength);
        var at = 0;
        for (var i = 0; i < length; i++)
        {
            var c = chars[i];
            switch (c)
            {
                case '\n': escaped[at++] = '\\'; escaped[at++] = 'n'; break;
                case '\t': escaped[at++] = '\\'; escaped[at++] = 't'; break;
                case '\\': escaped[at++] = '\\'; escaped[at++] = '\\'; break;
                case '"': escaped[at++] = '\\'; escaped[at++] = '"'; break;
                default: escaped[at++] = c; break;
            }
        }

        return new string(escaped, 0, at);
    }

    private static char[] Buffer(ref char[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new char[Math.Max(length, 512)];
        }

        return buffer;
    }
}

/// <summary>FNV-1a over a string's UTF-16 code units: stable across processes and runs, so generated names are deterministic.</summary>
internal static class Fnv
{
    public const ulong Offset64 = 14695981039346656037;

    public static uint Hash32(string text)
    {
        var hash = 2166136261;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    /// <summary>Continues <paramref name="hash"/> over <paramref name="text"/> and a separator, so ("ab", "c") and ("a", "bc") differ.</summary>
    public static ulong Hash64(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return (hash ^ 0xFFFF) * 1099511628211;
    }
}
