using MigrationChain.Analyzers.Facts;

namespace MigrationChain.Analyzers.Manifest;

/// <summary>
/// One migration of the compilation as the generator records it. Compared by value, so an edit that changes no
/// entry leaves the generated source untouched.
/// </summary>
internal sealed record ManifestEntry(
    string Revision,
    EquatableArray<string> Parents,
    ParentDeclaration ParentDeclaration,
    string? Branch,
    EquatableArray<string> DependsOn,
    string TypeName,
    string Checksum,
    string FilePath,
    int Line,
    int Column)
{
    public RevisionInfo ToRevisionInfo() => new(Revision, Parents, Branch, DependsOn)
    {
        TypeName = TypeName,
        ParentDeclaration = ParentDeclaration,
    };
}

/// <summary>What the generator needs to know about the compilation itself.</summary>
internal sealed record ManifestTarget(string AssemblyName, bool HasManifestAttributes, EquatableArray<ReferencedMigration> Referenced);
