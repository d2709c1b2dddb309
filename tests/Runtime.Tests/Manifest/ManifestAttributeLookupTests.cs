using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using MigrationChain.Manifest;
using MigrationChain.Testing.Support;
using static MigrationChain.Runtime.Tests.Manifest.MigrationAssemblyWriter;

namespace MigrationChain.Runtime.Tests.Manifest;

/// <summary>
/// A start finds the manifest attribute in an assembly's metadata with a reader of its own, not System.Reflection.Metadata.
/// Over every assembly at hand (the whole shared framework, this test's output, assemblies written with a manifest or
/// with a look-alike attribute of their own) it must give the answer System.Reflection.Metadata's reading gives:
/// the same bytes when there is a manifest, none when there is none, and "unsure" (reflection decides) exactly
/// where that reading was unsure. Never a wrong "none", which would lose a manifest.
/// </summary>
public unsafe class ManifestAttributeLookupTests
{
    private const string RuntimeName = "MigrationChain.Runtime";

    [Fact]
    public void EveryAssemblyOfTheFrameworkAndThisOutput_ReadsAsSystemReflectionMetadataReadsIt()
    {
        var files = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .ToList();
        var compared = 0;
        foreach (var file in files)
        {
            compared += Compare(file) ? 1 : 0;
        }

        Assert.True(compared > 150, $"only {compared} assemblies compared");
    }

    [Fact]
    public void AnAssemblyWithAManifest_GivesItsBytes()
    {
        using var folder = new TempDirectory("mc-lookup");
        var manifest = ManifestText2("App", new[] { (new EmittedMigration("App.M1", "0001_ünï"), "App") });

        var path = Write(folder.Path, "App", Array.Empty<EmittedMigration>(), manifest);

        var (answer, bytes) = Lookup(path);
        Assert.Equal(ManifestAttributeLookup.Answer.Found, answer);
        Assert.Equal(manifest, System.Text.Encoding.UTF8.GetString(bytes));
        Assert.True(Compare(path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16383)]
    [InlineData(16384)]
    [InlineData(300_000)]
    public void ManifestsOfEveryLengthEncoding_AreReadWhole(int length)
    {
        using var folder = new TempDirectory("mc-lookup");
        var manifest = new string('x', length);

        var path = Write(folder.Path, "App", Array.Empty<EmittedMigration>(), manifest);

        var (answer, bytes) = Lookup(path);
        Assert.Equal(ManifestAttributeLookup.Answer.Found, answer);
        Assert.Equal(length, bytes.Length);
        Assert.True(Compare(path));
    }

    [Fact]
    public void AnAssemblyWithoutAManifest_HasNone()
    {
        using var folder = new TempDirectory("mc-lookup");

        var path = Write(folder.Path, "Bare", new[] { new EmittedMigration("Bare.M1", "0001") });

        Assert.Equal(ManifestAttributeLookup.Answer.None, Lookup(path).Answer);
        Assert.True(Compare(path));
    }

    [Fact]
    public void ALookAlikeAttributeOfAnotherAssembly_IsLeftToReflection()
    {
        using var folder = new TempDirectory("mc-lookup");
        var fake = new PersistedAssemblyBuilder(new AssemblyName("LookAlike"), typeof(object).Assembly);
        var type = fake.DefineDynamicModule("LookAlike").DefineType("MigrationChain.Manifest.MigrationChainManifestAttribute", TypeAttributes.Public | TypeAttributes.Class, typeof(Attribute));
        var il = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, new[] { typeof(string) }).GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(Attribute).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)!);
        il.Emit(OpCodes.Ret);
        type.CreateType();
        fake.Save(Path.Combine(folder.Path, "LookAlike.dll"));
        using var stream = File.OpenRead(Path.Combine(folder.Path, "LookAlike.dll"));
        var lookAlike = new System.Runtime.Loader.AssemblyLoadContext("look-alike", isCollectible: true).LoadFromStream(stream)
            .GetType("MigrationChain.Manifest.MigrationChainManifestAttribute")!.GetConstructor(new[] { typeof(string) })!;
        var user = new PersistedAssemblyBuilder(new AssemblyName("User"), typeof(object).Assembly);
        user.SetCustomAttribute(new CustomAttributeBuilder(lookAlike, new object[] { "migrationchain-manifest 2" }));
        user.DefineDynamicModule("User");
        var path = Path.Combine(folder.Path, "User.dll");
        user.Save(path);

        Assert.Equal(ManifestAttributeLookup.Answer.Unsure, Lookup(path).Answer);
        Assert.True(Compare(path));
    }

    /// <summary>True when the file is an assembly and both readings agree (asserted); false when it has no metadata.</summary>
    private static bool Compare(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return false;
        }

        var block = pe.GetMetadata();
        var expected = Oracle(pe.GetMetadataReader(), out var expectedBytes);
        var answer = ManifestAttributeLookup.Find(block.Pointer, block.Length, RuntimeName, out var value, out var length);

        Assert.True(expected == answer, $"{file}: {answer}, System.Reflection.Metadata reads {expected}");
        var reader = pe.GetMetadataReader();
        if (reader.IsAssembly)
        {
            Assert.Equal(AttributeTypes(reader), ManifestAttributeLookup.AssemblyAttributeTypes(block.Pointer, block.Length));
        }
        if (answer == ManifestAttributeLookup.Answer.Found)
        {
            Assert.Equal(expectedBytes, new ReadOnlySpan<byte>(value, length).ToArray());
        }

        return true;
    }

    // Every assembly attribute's type as System.Reflection.Metadata reads it: every row, index and name the lookup
    // follows, checked on every assembly at hand, not only on the few with a manifest.
    private static List<string> AttributeTypes(MetadataReader reader) =>
        reader.GetAssemblyDefinition().GetCustomAttributes().Select(handle =>
        {
            var constructor = reader.GetCustomAttribute(handle).Constructor;
            if (constructor.Kind == HandleKind.MemberReference)
            {
                var parent = reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
                if (parent.Kind != HandleKind.TypeReference)
                {
                    return "?";
                }

                var type = reader.GetTypeReference((TypeReferenceHandle)parent);
                return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
            }

            if (constructor.Kind == HandleKind.MethodDefinition)
            {
                var method = (MethodDefinitionHandle)constructor;
                var owner = reader.TypeDefinitions.Where(t => reader.GetTypeDefinition(t).GetMethods().Contains(method)).ToList();
                return owner.Count == 1 ? reader.GetString(reader.GetTypeDefinition(owner[0]).Namespace) + "." + reader.GetString(reader.GetTypeDefinition(owner[0]).Name) : "?";
            }

            return "?";
        }).ToList();

    private static (ManifestAttributeLookup.Answer Answer, byte[] Bytes) Lookup(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var block = pe.GetMetadata();
        var answer = ManifestAttributeLookup.Find(block.Pointer, block.Length, RuntimeName, out var value, out var length);
        return (answer, answer == ManifestAttributeLookup.Answer.Found ? new ReadOnlySpan<byte>(value, length).ToArray() : Array.Empty<byte>());
    }

    // What the runtime read through System.Reflection.Metadata before: the first assembly attribute that is (or may
    // be) the manifest decides; a MigrationChainManifestAttribute referenced from MigrationChain.Runtime is it.
    private static ManifestAttributeLookup.Answer Oracle(MetadataReader reader, out byte[] bytes)
    {
        bytes = Array.Empty<byte>();
        if (!reader.IsAssembly)
        {
            return ManifestAttributeLookup.Answer.None;
        }

        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            StringHandle name, space;
            EntityHandle scope = default;
            if (attribute.Constructor.Kind == HandleKind.MemberReference)
            {
                var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                if (constructor.Parent.Kind != HandleKind.TypeReference)
                {
                    continue;
                }

                var type = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
                (name, space, scope) = (type.Name, type.Namespace, type.ResolutionScope);
            }
            else if (attribute.Constructor.Kind == HandleKind.MethodDefinition)
            {
                // The type whose method list holds the constructor (GetDeclaringType answers <Module> when an empty
                // <Module> starts its list at the same row, as PersistedAssemblyBuilder writes it).
                var method = (MethodDefinitionHandle)attribute.Constructor;
                var type = reader.GetTypeDefinition(reader.TypeDefinitions.Single(t => reader.GetTypeDefinition(t).GetMethods().Contains(method)));
                (name, space) = (type.Name, type.Namespace);
            }
            else
            {
                continue;
            }

            if (!reader.StringComparer.Equals(name, nameof(MigrationChainManifestAttribute)) || !reader.StringComparer.Equals(space, "MigrationChain.Manifest"))
            {
                continue;
            }

            if (scope.Kind != HandleKind.AssemblyReference
                || !reader.StringComparer.Equals(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name, RuntimeName))
            {
                return ManifestAttributeLookup.Answer.Unsure;
            }

            var value = reader.GetBlobReader(attribute.Value);
            if (value.ReadUInt16() != 1 || value.RemainingBytes == 0 || value.ReadByte() == 0xFF)
            {
                return ManifestAttributeLookup.Answer.Unsure;
            }

            value.Offset -= 1;
            var size = value.ReadCompressedInteger();
            bytes = value.ReadBytes(size);
            return ManifestAttributeLookup.Answer.Found;
        }

        return ManifestAttributeLookup.Answer.None;
    }
}
