using System;
using System.Reflection.Metadata;

namespace MigrationChain.Build.Metadata;

/// <summary>
/// Lets System.Reflection.Metadata decode the arguments of <c>[Migration]</c> and <c>[MigrationSource]</c>: strings,
/// string arrays, ints and bools. The type of each argument only has to be told apart, never resolved, so a type is
/// its name. Enums do not occur in these attributes; an argument of an unknown enum type decodes as an int.
/// </summary>
internal sealed class AttributeValueProvider : ICustomAttributeTypeProvider<string>
{
    public static readonly AttributeValueProvider Instance = new();

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetSystemType() => "System.Type";

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        reader.GetString(reader.GetTypeDefinition(handle).Name);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        reader.GetString(reader.GetTypeReference(handle).Name);

    public string GetTypeFromSerializedName(string name) => name;

    public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

    public bool IsSystemType(string type) => string.Equals(type, "System.Type", StringComparison.Ordinal);
}
