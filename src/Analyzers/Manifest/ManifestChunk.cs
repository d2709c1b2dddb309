using System;
using System.Collections.Generic;
using System.Globalization;
using MigrationChain.Manifest;
using Microsoft.CodeAnalysis.Text;

namespace MigrationChain.Analyzers.Manifest;

/// <summary>Where the manifest's rows are cut into chunks, one generated file each.</summary>
/// <remarks>
/// A chunk ends after a row whose revision id hashes to a multiple of <see cref="Divisor"/> (once it has
/// <see cref="MinRows"/> rows), or at <see cref="MaxRows"/>. The cuts depend on the rows themselves, not on their
/// positions, so adding, removing or moving a migration changes the chunks around it and leaves the others' text
/// as it was; counted cuts (every 64 rows) would shift every chunk after the change.
/// </remarks>
internal sealed class ManifestChunking
{
    /// <summary>About 80 rows (20,000 characters) per chunk: a changed chunk is parsed again in well under a millisecond,
    /// and a 10,000-migration chain is about 125 files.</summary>
    public static readonly ManifestChunking Default = new(minRows: 16, divisor: 64, maxRows: 256);

    /// <summary>Never cut: the whole manifest as one literal (a command-line build's form, see <see cref="MigrationManifestGenerator"/>).</summary>
    public static readonly ManifestChunking Whole = new(minRows: int.MaxValue, divisor: 1, maxRows: int.MaxValue);

    public ManifestChunking(int minRows, int divisor, int maxRows)
    {
        MinRows = Math.Max(1, minRows);
        Divisor = (uint)Math.Max(1, divisor);
        MaxRows = Math.Max(MinRows, maxRows);
    }

    public int MinRows { get; }

    public uint Divisor { get; }

    public int MaxRows { get; }

    /// <summary>The rows cut into chunks, the first with the manifest's header; chunk names are unique.</summary>
    public List<ManifestChunk> Cut(IReadOnlyList<ManifestRow> rows)
    {
        var chunks = new List<ManifestChunk>((int)Math.Min(rows.Count, (long)rows.Count / ((long)MinRows + Divisor) + 1));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var start = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var count = i - start + 1;
            if (i == rows.Count - 1 || count >= MaxRows || (count >= MinRows && rows[i].EndHash % Divisor == 0))
            {
                // Named after its first row, so a chunk keeps its name (and file) while that row stays first.
                var name = "_" + rows[start].Key.ToString("x16", CultureInfo.InvariantCulture);
                for (var n = 2; !names.Add(name); n++)
                {
                    name = "_" + rows[start].Key.ToString("x16", CultureInfo.InvariantCulture) + "_" + n.ToString(CultureInfo.InvariantCulture);
                }

                chunks.Add(new ManifestChunk(name, hasHeader: start == 0, rows, start, count));
                start = i + 1;
            }
        }

        return chunks;
    }
}

/// <summary>
/// A run of consecutive manifest rows, as the content of one C# string literal; the first chunk starts with the
/// manifest's header. Compares by value (row texts, which are shared between runs for unchanged migrations, so the
/// comparison is mostly by reference): the generator's pipeline keeps an unchanged chunk's generated file.
/// </summary>
internal sealed class ManifestChunk : IEquatable<ManifestChunk>
{
    private readonly IReadOnlyList<ManifestRow> _rows;
    private readonly int _start;

    public ManifestChunk(string name, bool hasHeader, IReadOnlyList<ManifestRow> rows, int start, int count)
    {
        Name = name;
        HasHeader = hasHeader;
        _rows = rows;
        _start = start;
        Count = count;
    }

    /// <summary>The constant's name in the chunked form, and the tail of its file's hint name.</summary>
    public string Name { get; }

    public bool HasHeader { get; }

    public int Count { get; }

    /// <summary>The literal's content, in pieces: the header (first chunk only), then each row's escaped text.</summary>
    public void AddTo(List<string> pieces)
    {
        if (HasHeader)
        {
            pieces.Add(ChainManifestText.Header2); // nothing in the header needs an escape
        }

        for (var i = 0; i < Count; i++)
        {
            pieces.Add(_rows[_start + i].Literal);
        }
    }

    public bool Equals(ManifestChunk? other)
    {
        if (other is null || other.Name != Name || other.HasHeader != HasHeader || other.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < Count; i++)
        {
            var mine = _rows[_start + i];
            var theirs = other._rows[other._start + i];
            if (!ReferenceEquals(mine, theirs) && !string.Equals(mine.Literal, theirs.Literal, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is ManifestChunk other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ Count;
}

/// <summary>A source text read from a list of strings in turn, never joined: a large manifest stays off the large object heap.</summary>
internal static class PieceText
{
    public static SourceText From(List<string> pieces)
    {
        var length = 0;
        foreach (var piece in pieces)
        {
            length += piece.Length;
        }

        // Large texts (over about 40,000 characters) are kept by the compiler in chunks below the large object heap.
        return SourceText.From(new Reader(pieces), length, System.Text.Encoding.UTF8);
    }

    private sealed class Reader : System.IO.TextReader
    {
        private readonly List<string> _pieces;
        private int _piece;
        private int _offset;

        public Reader(List<string> pieces) => _pieces = pieces;

        public override int Peek()
        {
            while (_piece < _pieces.Count)
            {
                if (_offset < _pieces[_piece].Length)
                {
                    return _pieces[_piece][_offset];
                }

                _piece++;
                _offset = 0;
            }

            return -1;
        }

        public override int Read()
        {
            var c = Peek();
            if (c >= 0)
            {
                _offset++;
            }

            return c;
        }

        public override int Read(char[] buffer, int index, int count)
        {
            var read = 0;
            while (read < count && _piece < _pieces.Count)
            {
                var piece = _pieces[_piece];
                var n = Math.Min(count - read, piece.Length - _offset);
                if (n <= 0)
                {
                    _piece++;
                    _offset = 0;
                    continue;
                }

                piece.CopyTo(_offset, buffer, index + read, n);
                _offset += n;
                read += n;
            }

            return read;
        }
    }
}
