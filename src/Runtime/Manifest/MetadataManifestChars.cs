using System;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text;

namespace MigrationChain.Manifest;

/// <summary>
/// The chain manifest of a loaded assembly read where it lies: the UTF-8 bytes of the
/// <see cref="MigrationChainManifestAttribute"/> blob in the assembly's metadata, which the runtime maps for as long as
/// the assembly is loaded. Reading 10,000 rows from it costs no 2.5 MB string decoded from the blob (on the
/// large-object heap, at every discovery) that the reader would then split again; only the fields kept are decoded.
/// </summary>
/// <remarks>
/// The rows read from it keep this object, and it keeps the <see cref="Assembly"/>, so an assembly in a collectible
/// load context is not unloaded (and its metadata not released) while a row can still decode from it.
/// </remarks>
internal sealed unsafe class MetadataManifestChars : ManifestChars
{
    private readonly Assembly _assembly;
    private readonly byte* _bytes;
    private readonly int _length;

    private MetadataManifestChars(Assembly assembly, byte* bytes, int length)
    {
        _assembly = assembly;
        _bytes = bytes;
        _length = length;
    }

    /// <summary>The assembly the bytes belong to (kept alive by this object).</summary>
    public Assembly Assembly => _assembly;

    public override int Length => _length;

    // The five per-row members below run once or more per row at a start, yet are not marked AggressiveOptimization:
    // crossgen2 leaves a marked method out of the ReadyToRun image, and JIT-compiling these five optimized cost a
    // 1,000-revision start with the packages' images 2-4 ms of the ~5 ms its manifest read took (docs/benchmarks.md,
    // "fifth session: the SQLite start"). See StartPath.
    public override char this[int index]
    {
        get => (uint)index < (uint)_length ? (char)_bytes[index] : throw new ArgumentOutOfRangeException(nameof(index));
    }

    public override int IndexOf(char value, int start, int count)
    {
        var at = Span(start, count).IndexOf((byte)value);
        return at < 0 ? -1 : start + at;
    }

    public override int Count(char value) => Span(0, _length).Count((byte)value);

    public override string Text(int start, int length) => Encoding.UTF8.GetString(Span(start, length));

    // Byte for char: an ASCII value compares exactly; any other answers false, and the caller decodes instead.
    public override bool TextEquals(int start, int length, string value)
    {
        if (value.Length != length)
        {
            return false;
        }

        var bytes = Span(start, length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != value[i] || bytes[i] > 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private ReadOnlySpan<byte> Span(int start, int length)
    {
        if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start))
        {
            throw new ArgumentOutOfRangeException(nameof(start));
        }

        return new ReadOnlySpan<byte>(_bytes + start, length);
    }

    /// <summary>
    /// True when the assembly's metadata was read: <paramref name="manifest"/> is then its manifest's bytes, or null when
    /// it has none. False when the metadata cannot be read in place (an assembly emitted in memory) or holds something
    /// this reader does not expect (<see cref="ManifestAttributeLookup"/>); the caller then asks reflection, which
    /// answers every case.
    /// </summary>
    public static bool TryRead(Assembly assembly, out MetadataManifestChars? manifest)
    {
        manifest = null;
        if (!assembly.TryGetRawMetadata(out var blob, out var length))
        {
            return false;
        }

        switch (ManifestAttributeLookup.Find(blob, length, RuntimeAssemblyName, out var value, out var size))
        {
            case ManifestAttributeLookup.Answer.Found:
                manifest = new MetadataManifestChars(assembly, value, size);
                return true;
            case ManifestAttributeLookup.Answer.None:
                return true;
            default:
                return false;
        }
    }

    // The manifest's constructor is MigrationChain.Runtime's MigrationChainManifestAttribute(string), referenced from the
    // assembly; a type of that name found anywhere else (defined there, forwarded, another scope) is left to reflection.
    private static readonly string RuntimeAssemblyName = Discovery.MigrationTypeSource.SimpleName(typeof(MigrationChainManifestAttribute).Assembly);
}
