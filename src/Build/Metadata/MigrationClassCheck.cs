using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Metadata;

namespace MigrationChain.Build.Metadata;

/// <summary>
/// Decides, from metadata, what the runtime decides with reflection before it runs a class (rule MC1006): derived
/// from <c>MigrationChain.Migration</c>, not abstract, not generic, with a public parameterless constructor. Base
/// classes are followed into the other assemblies of the build.
/// </summary>
internal sealed class MigrationClassCheck
{
    // Deeper hierarchies than this do not occur in practice; the bound only protects against malformed metadata.
    private const int MaxDepth = 64;

    private readonly Dictionary<string, MigrationAssembly> _assembliesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, TypeDefinitionHandle>> _typesByAssembly = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="assemblies">
    /// The assemblies of the build that reference the runtime. A base class declared anywhere else cannot derive from
    /// Migration: its assembly would have to reference the runtime, and the compiler needs it among the references.
    /// </param>
    public MigrationClassCheck(IEnumerable<MigrationAssembly> assemblies)
    {
        foreach (var assembly in assemblies)
        {
            if (!_assembliesByName.TryGetValue(assembly.Name, out _))
            {
                _assembliesByName[assembly.Name] = assembly;
            }
        }
    }

    public bool IsRunnableMigration(MigrationAssembly assembly, TypeDefinitionHandle handle)
    {
        var type = assembly.Reader.GetTypeDefinition(handle);
        return (type.Attributes & TypeAttributes.Abstract) == 0
            && type.GetGenericParameters().Count == 0
            && HasPublicParameterlessConstructor(assembly.Reader, type)
            && DerivesFromMigration(assembly, type.BaseType);
    }

    private static bool HasPublicParameterlessConstructor(MetadataReader reader, TypeDefinition type)
    {
        foreach (var handle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(handle);
            if ((method.Attributes & MethodAttributes.Static) != 0
                || (method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public
                || !reader.StringComparer.Equals(method.Name, ".ctor"))
            {
                continue;
            }

            var signature = reader.GetBlobReader(method.Signature);
            if (signature.ReadSignatureHeader().IsGeneric)
            {
                signature.ReadCompressedInteger();
            }

            if (signature.ReadCompressedInteger() == 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool DerivesFromMigration(MigrationAssembly assembly, EntityHandle baseType)
    {
        for (var depth = 0; depth < MaxDepth && !baseType.IsNil; depth++)
        {
            switch (baseType.Kind)
            {
                case HandleKind.TypeReference:
                    if (assembly.MigrationBaseTypes.Contains(baseType))
                    {
                        return true;
                    }

                    if (!TryResolve(assembly, (TypeReferenceHandle)baseType, out var owner, out var definition))
                    {
                        return false;
                    }

                    assembly = owner!;
                    baseType = assembly.Reader.GetTypeDefinition(definition).BaseType;
                    continue;

                case HandleKind.TypeDefinition:
                    baseType = assembly.Reader.GetTypeDefinition((TypeDefinitionHandle)baseType).BaseType;
                    continue;

                case HandleKind.TypeSpecification:
                    baseType = GenericDefinition(assembly.Reader, (TypeSpecificationHandle)baseType);
                    continue;

                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The generic class a base like <c>Base&lt;T&gt;</c> instantiates.</summary>
    private static EntityHandle GenericDefinition(MetadataReader reader, TypeSpecificationHandle handle)
    {
        var blob = reader.GetBlobReader(reader.GetTypeSpecification(handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return default;
        }

        blob.ReadSignatureTypeCode();
        return blob.ReadTypeHandle();
    }

    private bool TryResolve(MigrationAssembly assembly, TypeReferenceHandle handle, out MigrationAssembly? owner, out TypeDefinitionHandle definition)
    {
        owner = null;
        definition = default;
        var fullName = FullName(assembly.Reader, handle, out var scope);
        var assemblyName = scope.Kind switch
        {
            HandleKind.AssemblyReference => assembly.Reader.GetString(assembly.Reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
            HandleKind.ModuleDefinition or HandleKind.ModuleReference => assembly.Name,
            _ => null,
        };

        return assemblyName is not null
            && _assembliesByName.TryGetValue(assemblyName, out owner)
            && TypesOf(owner).TryGetValue(fullName, out definition);
    }

    private Dictionary<string, TypeDefinitionHandle> TypesOf(MigrationAssembly assembly)
    {
        if (!_typesByAssembly.TryGetValue(assembly.Name, out var types))
        {
            types = new Dictionary<string, TypeDefinitionHandle>(StringComparer.Ordinal);
            foreach (var handle in assembly.Reader.TypeDefinitions)
            {
                types[assembly.FullName(handle)] = handle;
            }

            _typesByAssembly.Add(assembly.Name, types);
        }

        return types;
    }

    /// <summary>The reference's full name (nested types joined with '+'), and the scope of its outermost type.</summary>
    private static string FullName(MetadataReader reader, TypeReferenceHandle handle, out EntityHandle scope)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(reader, (TypeReferenceHandle)reference.ResolutionScope, out scope) + "+" + name;
        }

        scope = reference.ResolutionScope;
        var space = reader.GetString(reference.Namespace);
        return space.Length == 0 ? name : space + "." + name;
    }
}
