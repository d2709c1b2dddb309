using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using MigrationChain.Build.Metadata;

namespace MigrationChain.Build.Locations;

/// <summary>
/// Where to point an error about a migration. The source generator's chain manifest (or, from an older generator,
/// its <c>[MigrationSource]</c>) says exactly; without it, the portable PDB beside the assembly (or embedded in it)
/// says which file holds the class's code and from which line, and the attribute is looked for just above. Only used for migrations that get a diagnostic, so a
/// healthy build never opens a PDB.
/// </summary>
internal sealed class MigrationLocator : IDisposable
{
    private readonly SourcePathMap _paths;
    private readonly Dictionary<MigrationAssembly, MetadataReaderProvider?> _pdbs = new();
    private readonly Dictionary<string, string[]?> _sources = new(StringComparer.Ordinal);

    public MigrationLocator(SourcePathMap paths)
    {
        _paths = paths;
    }

    public SourceLocation? Locate(DeclaredMigration migration)
    {
        if (migration.Info.Location is { } recorded)
        {
            return recorded with { FilePath = _paths.ToLocal(recorded.FilePath) };
        }

        var pdb = Pdb(migration.Assembly);
        if (pdb is null || FirstSequencePoint(migration.Assembly.Reader, pdb, migration.Type) is not { } point)
        {
            return null;
        }

        var path = _paths.ToLocal(point.File);
        if (Lines(path) is { } lines && AttributeLine.Find(lines, point.Line) is { } attribute)
        {
            return new SourceLocation(path, attribute.Line, attribute.Column);
        }

        return new SourceLocation(path, point.Line, point.Column);
    }

    public void Dispose()
    {
        foreach (var provider in _pdbs.Values)
        {
            provider?.Dispose();
        }

        _pdbs.Clear();
    }

    /// <summary>The earliest line of code among the class's own methods, in the file its first method is in.</summary>
    private static (string File, int Line, int Column)? FirstSequencePoint(MetadataReader assembly, MetadataReader pdb, TypeDefinitionHandle type)
    {
        DocumentHandle document = default;
        var line = int.MaxValue;
        var column = 1;
        foreach (var method in assembly.GetTypeDefinition(type).GetMethods())
        {
            var rowNumber = MetadataTokens.GetRowNumber(method);
            if (rowNumber > pdb.MethodDebugInformation.Count)
            {
                continue;
            }

            foreach (var point in pdb.GetMethodDebugInformation(method.ToDebugInformationHandle()).GetSequencePoints())
            {
                if (point.IsHidden)
                {
                    continue;
                }

                if (document.IsNil)
                {
                    document = point.Document;
                }

                if (point.Document == document && point.StartLine < line)
                {
                    line = point.StartLine;
                    column = point.StartColumn;
                }
            }
        }

        if (document.IsNil)
        {
            return null;
        }

        return (pdb.GetString(pdb.GetDocument(document).Name), line, column);
    }

    private MetadataReader? Pdb(MigrationAssembly assembly)
    {
        if (!_pdbs.TryGetValue(assembly, out var provider))
        {
            provider = OpenPdb(assembly);
            _pdbs[assembly] = provider;
        }

        return provider?.GetMetadataReader();
    }

    private static MetadataReaderProvider? OpenPdb(MigrationAssembly assembly)
    {
        try
        {
            return assembly.PEReader.TryOpenAssociatedPortablePdb(assembly.Path, OpenIfExists, out var provider, out _)
                ? provider
                : null;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            // A Windows PDB or an unreadable file: report without a location rather than fail the build over it.
            return null;
        }
    }

    private static Stream? OpenIfExists(string path) =>
        File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete) : null;

    private string[]? Lines(string path)
    {
        if (!_sources.TryGetValue(path, out var lines))
        {
            try
            {
                lines = File.Exists(path) ? File.ReadAllLines(path) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lines = null;
            }

            _sources[path] = lines;
        }

        return lines;
    }
}
