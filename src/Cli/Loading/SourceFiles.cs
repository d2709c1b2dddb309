using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// Where each class of an assembly was written, read from its portable PDB (beside the assembly or embedded in it):
/// the first document a method's sequence points name. Lets <c>revision</c> put a new migration beside the others
/// and <c>check</c> point at the line to fix. Empty when there is no PDB, or when it holds mapped paths
/// (deterministic CI builds write <c>/_/</c>), since those name no file on this machine.
/// </summary>
internal sealed class SourceFiles
{
    private readonly Dictionary<string, string> _files;

    private SourceFiles(Dictionary<string, string> files)
    {
        _files = files;
    }

    public static SourceFiles Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    public static SourceFiles Read(string assemblyPath, Action<string> trace)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.TryOpenAssociatedPortablePdb(assemblyPath, path => File.Exists(path) ? File.OpenRead(path) : null, out var provider, out var pdbPath)
                || provider is null)
            {
                trace($"no portable PDB for {Path.GetFileName(assemblyPath)}: source folders are not known");
                return Empty;
            }

            using (provider)
            {
                trace($"source locations from {pdbPath ?? "the embedded PDB"}");
                return new SourceFiles(Map(pe.GetMetadataReader(), provider.GetMetadataReader()));
            }
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or InvalidOperationException or UnauthorizedAccessException)
        {
            trace($"could not read the PDB of {Path.GetFileName(assemblyPath)}: {e.Message}");
            return Empty;
        }
    }

    /// <summary>The file declaring the top-level type of that full name, when it exists on this machine.</summary>
    public string? FileOf(string typeName) =>
        _files.TryGetValue(typeName, out var file) && File.Exists(file) ? file : null;

    private static Dictionary<string, string> Map(MetadataReader metadata, MetadataReader pdb)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (!type.GetDeclaringType().IsNil)
            {
                continue;
            }

            var ns = metadata.GetString(type.Namespace);
            var name = ns.Length == 0 ? metadata.GetString(type.Name) : ns + "." + metadata.GetString(type.Name);
            foreach (var method in type.GetMethods())
            {
                var document = DocumentOf(pdb, method);
                if (document is not null)
                {
                    files[name] = document;
                    break;
                }
            }
        }

        return files;
    }

    private static string? DocumentOf(MetadataReader pdb, MethodDefinitionHandle method)
    {
        var info = pdb.GetMethodDebugInformation(method.ToDebugInformationHandle());
        var document = info.Document;
        if (document.IsNil)
        {
            foreach (var point in info.GetSequencePoints())
            {
                document = point.Document;
                break;
            }
        }

        return document.IsNil ? null : pdb.GetString(pdb.GetDocument(document).Name);
    }
}
