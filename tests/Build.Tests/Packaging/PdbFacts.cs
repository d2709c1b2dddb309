using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace MigrationChain.Build.Tests.Packaging;

/// <summary>What a debugger needs from a packed PDB: which assembly it belongs to, its source paths and its SourceLink map.</summary>
internal sealed record PdbFacts(BlobContentId Id, IReadOnlyList<string> Documents, string? SourceLinkJson)
{
    // The custom debug information kind the compiler writes the SourceLink JSON under (Portable PDB specification).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    /// <summary>A standalone portable PDB, as a .snupkg carries it.</summary>
    public static PdbFacts FromPdb(byte[] pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        return Read(provider.GetMetadataReader());
    }

    /// <summary>The PDB embedded in an assembly (the analyzer assemblies carry theirs that way).</summary>
    public static PdbFacts FromEmbedded(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var entry = pe.ReadDebugDirectory().SingleOrDefault(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        Assert.True(entry.DataSize > 0, "the assembly has no embedded portable PDB");
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
        return Read(provider.GetMetadataReader());
    }

    /// <summary>The PDB identity an assembly asks its debugger for (its CodeView entry), to match a PDB against.</summary>
    public static BlobContentId ExpectedBy(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var codeView = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView);
        return new BlobContentId(pe.ReadCodeViewDebugDirectoryData(codeView).Guid, codeView.Stamp);
    }

    /// <summary>Deterministic paths (/_/, /_1/, ...), at least one of them our own sources, and a SourceLink map for /_/.</summary>
    public void AssertDeterministicWithSourceLink(string what)
    {
        Assert.NotEmpty(Documents);
        var leaked = Documents.Where(d => !d.StartsWith("/_", StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, $"{what}: source paths of the packing machine: {string.Join(", ", leaked)}");
        Assert.Contains(Documents, d => d.StartsWith("/_/src/", StringComparison.Ordinal));
        Assert.True(SourceLinkJson is not null, $"{what}: no SourceLink JSON");
        Assert.Matches("\"/_/\\*\"\\s*:\\s*\"https://[^\"]+/\\*\"", SourceLinkJson);
    }

    private static PdbFacts Read(MetadataReader reader)
    {
        var documents = reader.Documents.Select(h => reader.GetString(reader.GetDocument(h).Name)).ToList();
        string? sourceLink = null;
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == SourceLinkKind)
            {
                sourceLink = Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
            }
        }

        return new PdbFacts(new BlobContentId(reader.DebugMetadataHeader!.Id), documents, sourceLink);
    }
}
