using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// What a <c>[Migration]</c> attribute says: the revision and how it is placed in the chain. Read from syntax when
/// every argument is a literal, otherwise from the attribute data the compiler bound.
/// </summary>
internal sealed class DeclaredMigration
{
    private DeclaredMigration(string revision, IReadOnlyList<string> parents, ParentDeclaration parentDeclaration, string? branch, IReadOnlyList<string> dependsOn)
    {
        Revision = revision;
        Parents = parents;
        ParentDeclaration = parentDeclaration;
        Branch = branch;
        DependsOn = dependsOn;
    }

    public string Revision { get; }

    public IReadOnlyList<string> Parents { get; }

    public ParentDeclaration ParentDeclaration { get; }

    public string? Branch { get; }

    public IReadOnlyList<string> DependsOn { get; }

    /// <summary>
    /// Combines the arguments the way the runtime reads the attribute by reflection: <c>Parent</c> then the entries of
    /// <c>Parents</c>, null entries dropped, and the declaration style from which of the two is set.
    /// </summary>
    public static DeclaredMigration From(string? revision, string? parent, IReadOnlyList<string?>? parents, string? branch, IReadOnlyList<string?>? dependsOn)
    {
        var all = new List<string>();
        if (parent is not null)
        {
            all.Add(parent);
        }

        AddPresent(all, parents);
        var declaration = (parent is not null, parents is not null) switch
        {
            (true, true) => ParentDeclaration.Both,
            (true, false) => ParentDeclaration.Parent,
            (false, true) => ParentDeclaration.Parents,
            _ => ParentDeclaration.None,
        };

        var depends = new List<string>();
        AddPresent(depends, dependsOn);
        return new DeclaredMigration(revision ?? string.Empty, all, declaration, branch, depends);
    }

    /// <summary>Reads bound attribute data; arguments the compiler could not bind count as absent.</summary>
    public static DeclaredMigration FromAttributeData(AttributeData attribute)
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

        return From(revision, parent, parents, branch, dependsOn);
    }

    public RevisionInfo ToRevisionInfo(SourceLocation? location, string? typeName, bool isMigrationClass) =>
        new(Revision, Parents, Branch, DependsOn)
        {
            Location = location,
            TypeName = typeName,
            ParentDeclaration = ParentDeclaration,
            IsMigrationClass = isMigrationClass,
        };

    private static void AddPresent(List<string> into, IReadOnlyList<string?>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (var value in values)
        {
            if (value is not null)
            {
                into.Add(value);
            }
        }
    }

    private static string? StringOf(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Primitive ? constant.Value as string : null;

    private static IReadOnlyList<string?>? ArrayOf(TypedConstant constant)
    {
        if (constant.Kind != TypedConstantKind.Array || constant.IsNull)
        {
            return null;
        }

        var values = constant.Values;
        if (values.IsDefault)
        {
            return Array.Empty<string?>();
        }

        var result = ImmutableArray.CreateBuilder<string?>(values.Length);
        foreach (var value in values)
        {
            result.Add(StringOf(value));
        }

        return result.MoveToImmutable();
    }
}
