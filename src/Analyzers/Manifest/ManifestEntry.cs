using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;

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

/// <summary>Everything the generator writes from: the compilation's own migrations and the referenced ones.</summary>
internal sealed record ManifestInput(string AssemblyName, EquatableArray<ManifestEntry> Own, EquatableArray<ReferencedMigration> Referenced)
{
    // Chain facts read from syntax are one object per declaration for as long as its tree lives, so the entry
    // built from them can live as long too.
    private static readonly ConditionalWeakTable<RevisionInfo, ManifestEntry> Entries = new();

    /// <summary>
    /// The compilation's migrations, through the analyzers' cached per-tree facts and their resolution; null when
    /// the compilation does not reference a MigrationChain.Runtime that has the manifest attributes.
    /// </summary>
    public static ManifestInput? Read(Compilation compilation, CancellationToken cancellationToken)
    {
        if (MigrationSymbols.Of(compilation) is not { } symbols
            || symbols.Runtime.GetTypeByMetadataName(MigrationSymbols.MigrationSourceMetadataName) is null
            || symbols.Runtime.GetTypeByMetadataName(MigrationSymbols.ManifestMetadataName) is null)
        {
            return null;
        }

        var own = System.Collections.Immutable.ImmutableArray.CreateBuilder<ManifestEntry>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var declaration in TreeFacts.Of(tree, cancellationToken).Migrations)
            {
                if (ChainView.Resolve(compilation, symbols, declaration, cancellationToken) is { } info)
                {
                    own.Add(Entries.GetValue(info, i => EntryOf(declaration, i)));
                }
            }
        }

        return new ManifestInput(
            compilation.AssemblyName ?? string.Empty,
            new EquatableArray<ManifestEntry>(own.ToImmutable()),
            new EquatableArray<ReferencedMigration>(ReferencedMigrations.Of(compilation, cancellationToken)));
    }

    private static ManifestEntry EntryOf(MigrationDeclaration declaration, RevisionInfo info) => new(
        info.Revision,
        EquatableArray.From(info.Parents),
        info.ParentDeclaration,
        info.Branch,
        EquatableArray.From(info.DependsOn),
        declaration.MetadataName,
        declaration.Checksum,
        declaration.Location.FilePath,
        declaration.Location.Line,
        declaration.Location.Column);
}
