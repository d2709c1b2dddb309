using System;

namespace MigrationChain.Analyzers.Facts;

/// <summary>A migration compiled into a referenced assembly, read from its metadata.</summary>
internal sealed record ReferencedMigration(
    string Assembly,
    string Revision,
    EquatableArray<string> Parents,
    ParentDeclaration ParentDeclaration,
    string? Branch,
    EquatableArray<string> DependsOn,
    string TypeName,
    bool IsMigrationClass,
    string? Checksum,
    string? FilePath,
    int Line,
    int Column)
{
    private RevisionInfo? _info;

    /// <summary>The chain facts, built once per assembly symbol.</summary>
    public RevisionInfo Info => _info ??= new RevisionInfo(Revision, Parents, Branch, DependsOn)
    {
        TypeName = TypeName,
        ParentDeclaration = ParentDeclaration,
        IsMigrationClass = IsMigrationClass,
        Location = FilePath is null ? null : new SourceLocation(FilePath, Line, Column),
    };

    // Written out because the compiler's record equality would also compare the lazily cached Info.
    public bool Equals(ReferencedMigration? other) =>
        other is not null
        && Assembly == other.Assembly
        && Revision == other.Revision
        && Parents.Equals(other.Parents)
        && ParentDeclaration == other.ParentDeclaration
        && Branch == other.Branch
        && DependsOn.Equals(other.DependsOn)
        && TypeName == other.TypeName
        && IsMigrationClass == other.IsMigrationClass
        && Checksum == other.Checksum
        && FilePath == other.FilePath
        && Line == other.Line
        && Column == other.Column;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Revision) ^ StringComparer.Ordinal.GetHashCode(TypeName);
}
