using System;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// How many classes of an assembly carry <c>[Migration]</c>, counted in its metadata: no class is loaded and no
/// attribute decoded. A manifest that lists fewer of the assembly's own revisions than this left some out (a revision
/// declared twice is one graph node to the generator, but two classes the rules must report as MC1004), so the
/// classes have to be read.
/// </summary>
internal static class DeclaredMigrationCount
{
    private const string AttributeNamespace = "MigrationChain";
    private const string AttributeName = "MigrationAttribute";

    /// <summary>The count, or null when the file cannot be read as an assembly.</summary>
    public static int? Of(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = pe.GetMetadataReader();
            var count = 0;
            foreach (var handle in reader.CustomAttributes)
            {
                var attribute = reader.GetCustomAttribute(handle);
                if (attribute.Parent.Kind == HandleKind.TypeDefinition && IsMigrationAttribute(reader, attribute.Constructor))
                {
                    count++;
                }
            }

            return count;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    // The attribute is MigrationChain.Runtime's: a reference from the user's assembly (or, in the runtime's own tests, a
    // definition); either way its constructor's declaring type is MigrationChain.MigrationAttribute.
    private static bool IsMigrationAttribute(MetadataReader reader, EntityHandle constructor)
    {
        switch (constructor.Kind)
        {
            case HandleKind.MemberReference:
                var parent = reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
                if (parent.Kind != HandleKind.TypeReference)
                {
                    return false;
                }

                var reference = reader.GetTypeReference((TypeReferenceHandle)parent);
                return reader.StringComparer.Equals(reference.Name, AttributeName) && reader.StringComparer.Equals(reference.Namespace, AttributeNamespace);
            case HandleKind.MethodDefinition:
                var type = reader.GetTypeDefinition(reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType());
                return reader.StringComparer.Equals(type.Name, AttributeName) && reader.StringComparer.Equals(type.Namespace, AttributeNamespace);
            default:
                return false;
        }
    }
}
