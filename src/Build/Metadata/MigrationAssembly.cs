using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MigrationChain.Manifest;

namespace MigrationChain.Build.Metadata;

/// <summary>
/// One assembly that references MigrationChain.Runtime, opened for reading metadata: its migrations, and what the
/// source generator recorded about them. Nothing is loaded or executed.
/// </summary>
internal sealed class MigrationAssembly : IDisposable
{
    private readonly Dictionary<string, MigrationSourceFacts> _sources;
    private readonly HashSet<EntityHandle> _migrationAttributeTypes = new();
    private List<DeclaredMigration>? _migrations;

    private MigrationAssembly(string path, PEReader peReader, MetadataReader reader)
    {
        Path = path;
        PEReader = peReader;
        Reader = reader;
        Name = reader.GetString(reader.GetAssemblyDefinition().Name);
        FindRuntimeTypeReferences();
        _sources = ReadMigrationSources();
    }

    /// <summary>The file as the build named it.</summary>
    public string Path { get; }

    /// <summary>The assembly's simple name.</summary>
    public string Name { get; }

    public PEReader PEReader { get; }

    public MetadataReader Reader { get; }

    /// <summary>Type references to <c>MigrationChain.Migration</c> (how a migration names its base class).</summary>
    public HashSet<EntityHandle> MigrationBaseTypes { get; } = new();

    /// <summary>
    /// Opens the assembly when it could declare migrations (it references MigrationChain.Runtime); null for anything
    /// else: a missing file, a native image, a reference assembly of the framework, the runtime itself.
    /// </summary>
    public static MigrationAssembly? TryOpen(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var peReader = new PEReader(stream);
        try
        {
            if (peReader.HasMetadata)
            {
                var reader = peReader.GetMetadataReader();
                if (reader.IsAssembly && ReferencesRuntime(reader))
                {
                    return new MigrationAssembly(path, peReader, reader);
                }
            }
        }
        catch (BadImageFormatException)
        {
            // Not a .NET assembly (a native library among the references): it cannot declare migrations.
        }

        peReader.Dispose();
        return null;
    }

    /// <summary>Every class in the assembly that carries <c>[Migration]</c>, in metadata order.</summary>
    public IReadOnlyList<DeclaredMigration> ReadMigrations(MigrationClassCheck classCheck)
    {
        if (_migrations is not null)
        {
            return _migrations;
        }

        _migrations = new List<DeclaredMigration>();
        if (_migrationAttributeTypes.Count == 0)
        {
            return _migrations;
        }

        foreach (var handle in Reader.TypeDefinitions)
        {
            var type = Reader.GetTypeDefinition(handle);
            foreach (var attributeHandle in type.GetCustomAttributes())
            {
                var attribute = Reader.GetCustomAttribute(attributeHandle);
                if (IsMigrationAttribute(attribute))
                {
                    _migrations.Add(Describe(handle, attribute, classCheck));
                    break;
                }
            }
        }

        return _migrations;
    }

    /// <summary><c>Namespace.Outer+Inner</c>, the way reflection and the runtime's messages name the class.</summary>
    public string FullName(TypeDefinitionHandle handle)
    {
        var type = Reader.GetTypeDefinition(handle);
        var name = Reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return FullName(declaring) + "+" + name;
        }

        var space = Reader.GetString(type.Namespace);
        return space.Length == 0 ? name : space + "." + name;
    }

    public void Dispose() => PEReader.Dispose();

    private static bool ReferencesRuntime(MetadataReader reader)
    {
        foreach (var handle in reader.AssemblyReferences)
        {
            if (reader.StringComparer.Equals(reader.GetAssemblyReference(handle).Name, MetadataNames.RuntimeAssembly))
            {
                return true;
            }
        }

        return false;
    }

    private DeclaredMigration Describe(TypeDefinitionHandle handle, CustomAttribute attribute, MigrationClassCheck classCheck)
    {
        var value = attribute.DecodeValue(AttributeValueProvider.Instance);
        var revision = value.FixedArguments.Length == 1 ? value.FixedArguments[0].Value as string : null;
        string? parent = null;
        string? branch = null;
        List<string>? parents = null;
        List<string>? dependsOn = null;
        foreach (var named in value.NamedArguments)
        {
            switch (named.Name)
            {
                case MetadataNames.ParentArgument:
                    parent = named.Value as string;
                    break;
                case MetadataNames.ParentsArgument:
                    parents = Strings(named.Value);
                    break;
                case MetadataNames.BranchArgument:
                    branch = named.Value as string;
                    break;
                case MetadataNames.DependsOnArgument:
                    dependsOn = Strings(named.Value);
                    break;
            }
        }

        var id = revision ?? string.Empty;
        _sources.TryGetValue(id, out var source);
        var info = MigrationAttributeFacts.From(revision, parent, parents, branch, dependsOn) with
        {
            TypeName = FullName(handle),
            IsMigrationClass = classCheck.IsRunnableMigration(this, handle),
            Location = source?.Location,
        };
        return new DeclaredMigration(this, handle, info, source);
    }

    /// <summary>A string array argument, without null entries; null when the argument itself is null.</summary>
    private static List<string>? Strings(object? value)
    {
        if (value is not ImmutableArray<CustomAttributeTypedArgument<string>> array)
        {
            return null;
        }

        var strings = new List<string>(array.Length);
        foreach (var element in array)
        {
            if (element.Value is string text)
            {
                strings.Add(text);
            }
        }

        return strings;
    }

    // The attribute class lives in MigrationChain.Runtime, so its constructor is always a member reference.
    private bool IsMigrationAttribute(CustomAttribute attribute) =>
        attribute.Constructor.Kind == HandleKind.MemberReference
        && _migrationAttributeTypes.Contains(Reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent);

    /// <summary>Finds how this assembly refers to the runtime's types, once, so each attribute check is a set lookup.</summary>
    private void FindRuntimeTypeReferences()
    {
        foreach (var handle in Reader.TypeReferences)
        {
            var reference = Reader.GetTypeReference(handle);
            if (!Reader.StringComparer.Equals(reference.Namespace, MetadataNames.RootNamespace))
            {
                continue;
            }

            if (Reader.StringComparer.Equals(reference.Name, MetadataNames.MigrationAttribute))
            {
                _migrationAttributeTypes.Add(handle);
            }
            else if (Reader.StringComparer.Equals(reference.Name, MetadataNames.Migration))
            {
                MigrationBaseTypes.Add(handle);
            }
        }
    }

    /// <summary>
    /// What the source generator recorded about the assembly's own migrations: the own rows (owner = this assembly) of
    /// its format-2 chain manifest, or, for an assembly built by an older generator, its
    /// <c>[assembly: MigrationSource]</c> attributes; empty without either (the checksums then come from the IL).
    /// </summary>
    private Dictionary<string, MigrationSourceFacts> ReadMigrationSources()
    {
        var sources = new Dictionary<string, MigrationSourceFacts>(StringComparer.Ordinal);
        var sourceAttributeTypes = new HashSet<EntityHandle>();
        var manifestAttributeTypes = new HashSet<EntityHandle>();
        foreach (var handle in Reader.TypeReferences)
        {
            var reference = Reader.GetTypeReference(handle);
            if (!Reader.StringComparer.Equals(reference.Namespace, MetadataNames.ManifestNamespace))
            {
                continue;
            }

            if (Reader.StringComparer.Equals(reference.Name, MetadataNames.MigrationSourceAttribute))
            {
                sourceAttributeTypes.Add(handle);
            }
            else if (Reader.StringComparer.Equals(reference.Name, MetadataNames.ChainManifestAttribute))
            {
                manifestAttributeTypes.Add(handle);
            }
        }

        if (sourceAttributeTypes.Count == 0 && manifestAttributeTypes.Count == 0)
        {
            return sources;
        }

        var attributes = new List<CustomAttribute>();
        foreach (var handle in Reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            attributes.Add(Reader.GetCustomAttribute(handle));
        }

        foreach (var attribute in attributes)
        {
            if (IsOneOf(attribute, manifestAttributeTypes) && ReadManifest(attribute, sources))
            {
                return sources;
            }
        }

        foreach (var attribute in attributes)
        {
            if (!IsOneOf(attribute, sourceAttributeTypes))
            {
                continue;
            }

            var arguments = attribute.DecodeValue(AttributeValueProvider.Instance).FixedArguments;
            if (arguments.Length != 5 || arguments[0].Value is not string revision)
            {
                continue;
            }

            // A revision recorded twice keeps its first record, as the runtime keeps the first declaration.
            if (!sources.TryGetValue(revision, out _))
            {
                sources[revision] = new MigrationSourceFacts(
                    revision,
                    arguments[1].Value as string ?? string.Empty,
                    arguments[2].Value as string ?? string.Empty,
                    arguments[3].Value is int line ? line : 0,
                    arguments[4].Value is int column ? column : 0);
            }
        }

        return sources;
    }

    /// <summary>
    /// Reads the own rows of a format-2 manifest into <paramref name="sources"/>; false for a format-1 manifest (no
    /// locations: its <c>[MigrationSource]</c> attributes say more) or an unreadable one.
    /// </summary>
    private bool ReadManifest(CustomAttribute attribute, Dictionary<string, MigrationSourceFacts> sources)
    {
        var arguments = attribute.DecodeValue(AttributeValueProvider.Instance).FixedArguments;
        if (arguments.Length != 1 || ChainManifestText.ParseRowsOf(arguments[0].Value as string, Name) is not { } rows)
        {
            return false;
        }

        foreach (var row in rows)
        {
            if (!sources.ContainsKey(row.Revision))
            {
                sources[row.Revision] = new MigrationSourceFacts(
                    row.Revision, row.Checksum ?? string.Empty, row.Source?.FilePath ?? string.Empty, row.Source?.Line ?? 0, row.Source?.Column ?? 0);
            }
        }

        return true;
    }

    private bool IsOneOf(CustomAttribute attribute, HashSet<EntityHandle> types) =>
        types.Count > 0
        && attribute.Constructor.Kind == HandleKind.MemberReference
        && types.Contains(Reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent);
}
