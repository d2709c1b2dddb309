using MigrationChain.Analyzers.Facts;

namespace MigrationChain.Analyzers.Manifest;

/// <summary>
/// One migration of the compilation as a <c>[assembly: MigrationSource]</c> attribute records it. Compared by value,
/// so an edit that changes no migration leaves the generated source untouched.
/// </summary>
internal sealed record ManifestEntry(string Revision, string TypeName, string Checksum, string FilePath, int Line, int Column)
{
    public static ManifestEntry Of(MigrationDeclaration declaration, RevisionInfo info) => new(
        info.Revision,
        declaration.MetadataName,
        declaration.Checksum,
        declaration.Location.FilePath,
        declaration.Location.Line,
        declaration.Location.Column);
}

/// <summary>Everything the generator writes: the source attributes of the compilation's migrations and the manifest text.</summary>
internal sealed record ManifestInput(EquatableArray<ManifestEntry> Sources, string Manifest);
