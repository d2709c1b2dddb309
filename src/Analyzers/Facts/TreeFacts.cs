using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// The migration classes of one syntax tree. Kept per tree instance: an edit creates a new tree for the edited file
/// only, and every other file's tree (and so its facts) is reused by the next compilation, so a keystroke costs one
/// file's extraction.
/// </summary>
internal sealed class TreeFacts
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeFacts> Cache = new();

    private static readonly TreeFacts Empty = new(Array.Empty<MigrationDeclaration>(), Array.Empty<AttributeSyntax>(), Array.Empty<string>());

    private TreeFacts(IReadOnlyList<MigrationDeclaration> migrations, IReadOnlyList<AttributeSyntax> irreversible, IReadOnlyList<string> lookalikes)
    {
        Migrations = migrations;
        IrreversibleAttributes = irreversible;
        LookalikeTypeNames = lookalikes;
    }

    /// <summary>
    /// <c>Migration</c> or <c>MigrationAttribute</c> when the tree declares a type of that name outside the
    /// <c>MigrationChain</c> namespace: then those names are ambiguous in the compilation.
    /// </summary>
    public IReadOnlyList<string> LookalikeTypeNames { get; }

    /// <summary>Every class of the tree marked with a candidate <c>[Migration]</c> attribute, in source order.</summary>
    public IReadOnlyList<MigrationDeclaration> Migrations { get; }

    /// <summary>Class attributes written <c>Irreversible</c> or <c>IrreversibleAttribute</c>, qualified or not.</summary>
    public IReadOnlyList<AttributeSyntax> IrreversibleAttributes { get; }

    /// <summary>The facts of <paramref name="tree"/> if they were read already: a table look-up, no extraction.</summary>
    public static bool TryGetRead(SyntaxTree tree, out TreeFacts facts) => Cache.TryGetValue(tree, out facts!);

    public static TreeFacts Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Cache.TryGetValue(tree, out var facts))
        {
            return facts;
        }

        // Extraction happens outside the table's lock; if two threads race, both results are equal and one is kept.
        facts = Extract(tree, cancellationToken);
        return Cache.GetValue(tree, _ => facts);
    }

    /// <summary>The declaration read from <paramref name="class"/>, if it is a migration class of this tree.</summary>
    public MigrationDeclaration? Find(ClassDeclarationSyntax @class)
    {
        foreach (var migration in Migrations)
        {
            if (migration.Class == @class)
            {
                return migration;
            }
        }

        return null;
    }

    private static TreeFacts Extract(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (tree is not CSharpSyntaxTree || tree.GetRoot(cancellationToken) is not CompilationUnitSyntax root)
        {
            return Empty;
        }

        var aliases = AttributeAliases(root);
        List<MigrationDeclaration>? migrations = null;
        List<AttributeSyntax>? irreversible = null;
        List<string>? lookalikes = null;
        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
        {
            if (LookalikeName(node) is { } lookalike)
            {
                (lookalikes ??= new List<string>()).Add(lookalike);
            }

            if (node is not ClassDeclarationSyntax { AttributeLists.Count: > 0 } @class)
            {
                continue;
            }

            var found = false;
            foreach (var list in @class.AttributeLists)
            {
                var attribute = found ? null : FirstCandidate(list, aliases);
                if (attribute is not null)
                {
                    (migrations ??= new List<MigrationDeclaration>()).Add(MigrationSyntaxReader.Read(@class, attribute, cancellationToken));
                    found = true;
                }

                foreach (var candidate in list.Attributes)
                {
                    if (IsIrreversibleName(candidate.Name))
                    {
                        (irreversible ??= new List<AttributeSyntax>()).Add(candidate);
                    }
                }
            }
        }

        return migrations is null && irreversible is null && lookalikes is null
            ? Empty
            : new TreeFacts(
                (IReadOnlyList<MigrationDeclaration>?)migrations ?? Array.Empty<MigrationDeclaration>(),
                (IReadOnlyList<AttributeSyntax>?)irreversible ?? Array.Empty<AttributeSyntax>(),
                (IReadOnlyList<string>?)lookalikes ?? Array.Empty<string>());
    }

    private static string? LookalikeName(SyntaxNode node)
    {
        var name = node switch
        {
            BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
            DelegateDeclarationSyntax @delegate => @delegate.Identifier.ValueText,
            _ => null,
        };
        if (name is not (MigrationSyntaxReader.AttributeName or MigrationSyntaxReader.AttributeTypeName))
        {
            return null;
        }

        var ns = string.Join(".", node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString()));
        return ns == "MigrationChain" && node.Parent is BaseNamespaceDeclarationSyntax ? null : name;
    }

    private static AttributeSyntax? FirstCandidate(AttributeListSyntax list, IReadOnlyCollection<string> aliases)
    {
        // [assembly: ...], [return: ...] and the like cannot declare a migration.
        if (list.Target is not null && !list.Target.Identifier.IsKind(SyntaxKind.TypeKeyword))
        {
            return null;
        }

        foreach (var attribute in list.Attributes)
        {
            if (MigrationSyntaxReader.IsCandidateAttribute(attribute, aliases))
            {
                return attribute;
            }
        }

        return null;
    }

    private static bool IsIrreversibleName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText is "Irreversible" or "IrreversibleAttribute",
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText is "Irreversible" or "IrreversibleAttribute",
        SimpleNameSyntax simple => simple.Identifier.ValueText is "Irreversible" or "IrreversibleAttribute",
        _ => false,
    };

    /// <summary>Names this file gives the attribute with <c>using X = MigrationChain.MigrationAttribute;</c>.</summary>
    private static IReadOnlyCollection<string> AttributeAliases(CompilationUnitSyntax root)
    {
        List<string>? aliases = null;
        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax))
        {
            if (node is UsingDirectiveSyntax { Alias: { } alias, NamespaceOrType: var target }
                && target is QualifiedNameSyntax { Right.Identifier.ValueText: MigrationSyntaxReader.AttributeTypeName or MigrationSyntaxReader.AttributeName })
            {
                (aliases ??= new List<string>()).Add(alias.Name.Identifier.ValueText);
            }
        }

        return (IReadOnlyCollection<string>?)aliases ?? Array.Empty<string>();
    }
}
