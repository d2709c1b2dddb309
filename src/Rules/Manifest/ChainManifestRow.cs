using System;
using System.Collections.Generic;

namespace MigrationChain.Manifest;

/// <summary>
/// One revision of a chain manifest: where it is declared, its checksum and, in format 2, the facts the chain rules
/// need, so a reader can validate the chain without loading the class.
/// </summary>
/// <remarks>
/// A row the reader produced keeps its checksum and source location as a place in the manifest's text, checked when
/// read but turned into strings only when asked: a start validates 10,000 revisions without them, and they are
/// wanted later (a checksum to record or compare, a location for a message) or never.
/// </remarks>
internal sealed class ChainManifestRow : IEquatable<ChainManifestRow>
{
    private readonly ManifestChars? _text;
    private readonly int _checksumStart;
    private readonly int _checksumLength;
    private readonly int _fileStart;
    private readonly int _fileLength;
    private readonly int _line;
    private readonly int _column;
    private string? _checksum;
    private SourceLocation? _source;

    /// <param name="revision">The revision id.</param>
    /// <param name="assemblyName">The simple name of the assembly that declares the class.</param>
    /// <param name="typeName">The class's full metadata name, as <c>Type.FullName</c> spells it (<c>Outer+Inner</c>).</param>
    /// <param name="checksum">The generator's checksum, or null when the writer did not know one.</param>
    /// <param name="info">The chain facts (parents, branch, depends-on, how parents were declared, whether the class is
    /// a migration class); null in a format-1 manifest, which did not carry them.</param>
    /// <param name="source">Where the <c>[Migration]</c> attribute is written; only for the manifest owner's own
    /// revisions, and only in format 2.</param>
    public ChainManifestRow(string revision, string assemblyName, string typeName, string? checksum, RevisionInfo? info = null, SourceLocation? source = null)
    {
        Revision = revision;
        AssemblyName = assemblyName;
        TypeName = typeName;
        _checksum = checksum;
        Info = info;
        _source = source;
        _checksumStart = -1;
        _fileStart = -1;
    }

    /// <summary>A row read from <paramref name="text"/> whose checksum (when <paramref name="checksumStart"/> is not -1)
    /// and file (when <paramref name="fileStart"/> is not -1) are unescaped text at those places, already checked.</summary>
    internal ChainManifestRow(
        string revision,
        string assemblyName,
        string typeName,
        RevisionInfo info,
        ManifestChars text,
        int checksumStart,
        int checksumLength,
        int fileStart,
        int fileLength,
        int line,
        int column)
    {
        Revision = revision;
        AssemblyName = assemblyName;
        TypeName = typeName;
        Info = info;
        _text = text;
        _checksumStart = checksumStart;
        _checksumLength = checksumLength;
        _fileStart = fileStart;
        _fileLength = fileLength;
        _line = line;
        _column = column;
    }

    /// <summary>The revision id.</summary>
    public string Revision { get; }

    /// <summary>The simple name of the assembly that declares the class.</summary>
    public string AssemblyName { get; }

    /// <summary>The class's full metadata name, as <c>Type.FullName</c> spells it (<c>Outer+Inner</c>).</summary>
    public string TypeName { get; }

    /// <summary>The generator's checksum, or null when the writer did not know one.</summary>
    // Racing first readers decode equal strings; a reference is stored whole.
    public string? Checksum => _checksum ?? (_checksumStart < 0 ? null : _checksum = _text!.Text(_checksumStart, _checksumLength));

    /// <summary>The chain facts; null in a format-1 manifest.</summary>
    public RevisionInfo? Info { get; }

    /// <summary>Where the <c>[Migration]</c> attribute is written; only for the manifest owner's own revisions, and only
    /// in format 2.</summary>
    public SourceLocation? Source =>
        _source ?? (_fileStart < 0 ? null : _source = new SourceLocation(_text!.Text(_fileStart, _fileLength), _line, _column));

    /// <summary>Equal when every value is equal, however each was read (a record's equality, kept from when it was one).</summary>
    public bool Equals(ChainManifestRow? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Revision == other.Revision
                && AssemblyName == other.AssemblyName
                && TypeName == other.TypeName
                && Checksum == other.Checksum
                && EqualityComparer<RevisionInfo?>.Default.Equals(Info, other.Info)
                && EqualityComparer<SourceLocation?>.Default.Equals(Source, other.Source)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ChainManifestRow);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        (((Revision.GetHashCode() * 31) + AssemblyName.GetHashCode()) * 31) + TypeName.GetHashCode();
}
