using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// Reads a <c>[Migration]</c> attribute the compiler bound, and places chain facts at their declaration. The mapping
/// from arguments to facts itself is the shared <see cref="MigrationAttributeFacts"/>, the same one the runtime and
/// the build task use.
/// </summary>
internal static class AttributeArguments
{
    /// <summary>The facts of bound attribute data; arguments the compiler could not bind count as absent.</summary>
    public static RevisionInfo FromAttributeData(AttributeData attribute)
    {
        string? revision = null;
        if (attribute.ConstructorArguments.Length > 0)
        {
            revision = StringOf(attribute.ConstructorArguments[0]);
        }

        string? parent = null;
        string? branch = null;
        IReadOnlyList<string?>? parents = null;
        IReadOnlyList<string?>? dependsOn = null;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Parent":
                    parent = StringOf(named.Value);
                    break;
                case "Parents":
                    parents = ArrayOf(named.Value);
                    break;
                case "Branch":
                    branch = StringOf(named.Value);
                    break;
                case "DependsOn":
                    dependsOn = ArrayOf(named.Value);
                    break;
            }
        }

        return MigrationAttributeFacts.From(revision, parent, parents, branch, dependsOn);
    }

    /// <summary>The facts with what the rules need to name and point at the declaration.</summary>
    public static RevisionInfo At(this RevisionInfo facts, SourceLocation? location, string? typeName, bool isMigrationClass) =>
        facts with { Location = location, TypeName = typeName, IsMigrationClass = isMigrationClass };

    private static string? StringOf(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Primitive ? constant.Value as string : null;

    private static List<string?>? ArrayOf(TypedConstant constant)
    {
        if (constant.Kind != TypedConstantKind.Array || constant.IsNull)
        {
            return null;
        }

        var values = new List<string?>();
        if (!constant.Values.IsDefault)
        {
            foreach (var value in constant.Values)
            {
                values.Add(StringOf(value));
            }
        }

        return values;
    }
}
