namespace MigrationChain.Manifest;

/// <summary>
/// One revision of a chain manifest: where it is declared, its checksum and, in format 2, the facts the chain rules
/// need, so a reader can validate the chain without loading the class.
/// </summary>
/// <param name="Revision">The revision id.</param>
/// <param name="AssemblyName">The simple name of the assembly that declares the class.</param>
/// <param name="TypeName">The class's full metadata name, as <c>Type.FullName</c> spells it (<c>Outer+Inner</c>).</param>
/// <param name="Checksum">The generator's checksum, or null when the writer did not know one.</param>
/// <param name="Info">The chain facts (parents, branch, depends-on, how parents were declared, whether the class is a
/// migration class); null in a format-1 manifest, which did not carry them.</param>
/// <param name="Source">Where the <c>[Migration]</c> attribute is written; only for the manifest owner's own revisions,
/// and only in format 2.</param>
internal sealed record ChainManifestRow(
    string Revision,
    string AssemblyName,
    string TypeName,
    string? Checksum,
    RevisionInfo? Info = null,
    SourceLocation? Source = null);
