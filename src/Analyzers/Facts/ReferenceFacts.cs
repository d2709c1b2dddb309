using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection.Metadata;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// What a referenced assembly's metadata says, read without binding it into the compilation: its name, whether it
/// references MigrationChain.Runtime (only such an assembly can declare migrations), and whether it declares a type
/// that could be mistaken for MigrationChain's <c>Migration</c> or <c>MigrationAttribute</c>. Asking the compilation
/// for the assembly's symbol instead would make it build its own source assembly first. Kept per metadata object,
/// which the compiler and the IDE share across compilations.
/// </summary>
internal sealed class ReferenceFacts
{
    private static readonly ConditionalWeakTable<Metadata, ReferenceFacts> Cache = new();

    // An IDE workspace (csharp-ls's) may hand each new compilation new metadata objects for the same files, so the
    // table above misses after every edit and every reference assembly's types were read again (tens of thousands for
    // a framework). A module's version id is unique to one build of it: the same id is the same facts. Bounded, since
    // a long-lived compiler server sees a new id for every build of a changed project.
    private static readonly ConcurrentDictionary<Guid, ReferenceFacts> ByModuleVersion = new();

    private const int MaxModuleVersions = 4096;

    private static readonly ReferenceFacts Unreadable = new(string.Empty, false, false, false, false);

    private ReferenceFacts(string assemblyName, bool referencesRuntime, bool declaresAttributeLookalike, bool declaresMigrationLookalike, bool hasManifestAttributes)
    {
        AssemblyName = assemblyName;
        ReferencesRuntime = referencesRuntime;
        DeclaresAttributeLookalike = declaresAttributeLookalike;
        DeclaresMigrationLookalike = declaresMigrationLookalike;
        HasManifestAttributes = hasManifestAttributes;
    }

    public string AssemblyName { get; }

    public bool ReferencesRuntime { get; }

    /// <summary>Declares a type named <c>MigrationAttribute</c> (outside MigrationChain.Runtime, which owns the name).</summary>
    public bool DeclaresAttributeLookalike { get; }

    /// <summary>Declares a type named <c>Migration</c>.</summary>
    public bool DeclaresMigrationLookalike { get; }

    /// <summary>For MigrationChain.Runtime itself: whether this version has the attribute the generator writes.</summary>
    public bool HasManifestAttributes { get; }

    public bool IsRuntime => AssemblyName == MigrationSymbols.RuntimeAssemblyName;

    public static ReferenceFacts Of(MetadataReference reference)
    {
        if (reference is not PortableExecutableReference executable)
        {
            return Unreadable;
        }

        Metadata metadata;
        try
        {
            metadata = executable.GetMetadata();
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return Unreadable;
        }

        return Cache.GetValue(metadata, Read);
    }

    private static ReferenceFacts Read(Metadata metadata)
    {
        try
        {
            var module = metadata switch
            {
                AssemblyMetadata assembly => assembly.GetModules()[0],
                ModuleMetadata single => single,
                _ => null,
            };
            if (module is null)
            {
                return Unreadable;
            }

            var reader = module.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return Unreadable;
            }

            var version = reader.GetGuid(reader.GetModuleDefinition().Mvid);
            if (version != Guid.Empty && ByModuleVersion.TryGetValue(version, out var known))
            {
                return known;
            }

            var name = reader.GetString(reader.GetAssemblyDefinition().Name);
            var referencesRuntime = false;
            foreach (var handle in reader.AssemblyReferences)
            {
                referencesRuntime |= reader.StringComparer.Equals(reader.GetAssemblyReference(handle).Name, MigrationSymbols.RuntimeAssemblyName);
            }

            // Every referenced assembly's types are looked at in every build (a framework's reference assemblies hold
            // tens of thousands): one comparison per type, the three names only for those that start alike.
            bool attribute = false, migration = false, manifest = false;
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                if (!reader.StringComparer.StartsWith(type.Name, MigrationSyntaxReader.AttributeName))
                {
                    continue;
                }

                attribute |= reader.StringComparer.Equals(type.Name, MigrationSyntaxReader.AttributeTypeName);
                migration |= reader.StringComparer.Equals(type.Name, MigrationSyntaxReader.AttributeName);
                manifest |= reader.StringComparer.Equals(type.Name, "MigrationChainManifestAttribute")
                    && reader.StringComparer.Equals(type.Namespace, "MigrationChain.Manifest");
            }

            var isRuntime = name == MigrationSymbols.RuntimeAssemblyName;
            var facts = new ReferenceFacts(name, referencesRuntime, attribute && !isRuntime, migration && !isRuntime, manifest);
            if (version != Guid.Empty)
            {
                if (ByModuleVersion.Count >= MaxModuleVersions)
                {
                    ByModuleVersion.Clear();
                }

                ByModuleVersion[version] = facts;
            }

            return facts;
        }
        catch (BadImageFormatException)
        {
            return Unreadable;
        }
    }
}
