using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;
/// <summary>
/// Reads a <c>[Migration]</c> class from syntax: the attribute's literal arguments, the base list, and the
/// <c>Sql</c> calls of every method taking a <c>MigrationBuilder</c>, with the <c>TableExists</c>/<c>ColumnExists</c>
/// guards around them. This is the one extraction the analyzers and the generator share.
/// </summary>
/// <remarks>
/// Split in two files along what is read: this one reads the class itself (its attribute, name, base type and
/// whether the runtime can create it); <c>MigrationSyntaxReader.BuilderMethods.cs</c> reads the bodies of the
/// methods that take a builder (their <c>Sql</c> calls, guards and shape). Both halves run on every migration in
/// every compile, so they stay one static class rather than gaining an object to pass between them.
/// </remarks>
internal static partial class MigrationSyntaxReader
{
    public const string AttributeName = "Migration";
    public const string AttributeTypeName = "MigrationAttribute";
    public const string BuilderTypeName = "MigrationBuilder";

    /// <summary>
    /// True for <c>[Migration]</c>, <c>[MigrationAttribute]</c>, their <c>MigrationChain.</c>-qualified forms, and
    /// aliases the file declares for them. The compilation confirms the match when the names are ambiguous.
    /// </summary>
    public static bool IsCandidateAttribute(AttributeSyntax attribute, IReadOnlyCollection<string> aliases)
    {
        switch (attribute.Name)
        {
            case IdentifierNameSyntax simple:
                var name = simple.Identifier.ValueText;
                return name is AttributeName or AttributeTypeName || (aliases.Count > 0 && aliases.Contains(name));
            case QualifiedNameSyntax qualified:
                return qualified.Right.Identifier.ValueText is AttributeName or AttributeTypeName && IsMigrationChainNamespace(qualified.Left);
            default:
                return false;
        }
    }

    public static MigrationDeclaration Read(ClassDeclarationSyntax @class, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var span = attribute.GetLocation().GetMappedLineSpan();
        var location = new SourceLocation(span.Path ?? string.Empty, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
        var scope = new ConstantScope(@class);
        var methods = new List<BuilderMethod>();
        foreach (var member in @class.Members)
        {
            if (member is MethodDeclarationSyntax method && ReadMethod(method, scope) is { } read)
            {
                methods.Add(read);
            }
        }

        return new MigrationDeclaration(@class, attribute, MetadataNameOf(@class), location, ReadArguments(attribute, scope), BaseTypeOf(@class), InstantiableFromSyntax(@class), methods);
    }

    private static bool IsMigrationChainNamespace(NameSyntax name) => name switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText == "MigrationChain",
        AliasQualifiedNameSyntax alias => alias.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) && alias.Name.Identifier.ValueText == "MigrationChain",
        _ => false,
    };

    private static RevisionInfo? ReadArguments(AttributeSyntax attribute, ConstantScope scope)
    {
        string? revision = null;
        string? parent = null;
        string? branch = null;
        List<string?>? parents = null;
        List<string?>? dependsOn = null;
        var positional = 0;
        foreach (var argument in attribute.ArgumentList?.Arguments ?? default)
        {
            var named = argument.NameEquals?.Name.Identifier.ValueText;
            if (named is null)
            {
                if (positional++ > 0 || !ConstantFolder.TryFold(argument.Expression, scope, out revision))
                {
                    return null;
                }

                continue;
            }

            switch (named)
            {
                case "Parent" when ConstantFolder.TryFold(argument.Expression, scope, out parent):
                case "Branch" when ConstantFolder.TryFold(argument.Expression, scope, out branch):
                case "Transactional":
                    break;
                case "Parents" when TryFoldArray(argument.Expression, scope, out parents):
                case "DependsOn" when TryFoldArray(argument.Expression, scope, out dependsOn):
                    break;
                default:
                    return null;
            }
        }

        return MigrationAttributeFacts.From(revision, parent, parents, branch, dependsOn);
    }

    /// <summary><c>new[] { ... }</c>, <c>new string[] { ... }</c>, <c>[ ... ]</c> or <c>null</c>, every element a literal.</summary>
    private static bool TryFoldArray(ExpressionSyntax expression, ConstantScope scope, out List<string?>? values)
    {
        values = null;
        IEnumerable<ExpressionSyntax>? elements = expression switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
            ArrayCreationExpressionSyntax array when array.Initializer is not null => array.Initializer.Expressions,
            CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax) =>
                collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression),
            _ => null,
        };

        if (elements is null)
        {
            return expression.IsKind(SyntaxKind.NullLiteralExpression);
        }

        values = new List<string?>();
        foreach (var element in elements)
        {
            if (!ConstantFolder.TryFold(element, scope, out var value))
            {
                values = null;
                return false;
            }

            values.Add(value);
        }

        return true;
    }

    private static BaseTypeHint BaseTypeOf(ClassDeclarationSyntax @class)
    {
        var first = @class.BaseList is { Types.Count: > 0 } bases ? bases.Types[0].Type : null;
        if (first is null)
        {
            return BaseTypeHint.None;
        }

        var isMigration = first switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText == "Migration",
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "Migration" && IsMigrationChainNamespace(qualified.Left),
            _ => false,
        };
        return isMigration ? BaseTypeHint.Migration : BaseTypeHint.Other;
    }

    /// <summary>What the runtime requires to create the class, when this declaration is the whole class.</summary>
    private static bool? InstantiableFromSyntax(ClassDeclarationSyntax @class)
    {
        if (@class.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return null;
        }

        if (@class.Modifiers.Any(SyntaxKind.AbstractKeyword) || @class.Modifiers.Any(SyntaxKind.StaticKeyword) || @class.TypeParameterList is not null)
        {
            return false;
        }

        for (var parent = @class.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
        {
            if (outer.TypeParameterList is not null)
            {
                return false;
            }
        }

        var hasConstructor = false;
        foreach (var member in @class.Members)
        {
            if (member is ConstructorDeclarationSyntax constructor && !constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                if (constructor.ParameterList.Parameters.Count == 0 && constructor.Modifiers.Any(SyntaxKind.PublicKeyword))
                {
                    return true;
                }

                hasConstructor = true;
            }
        }

        return !hasConstructor;
    }

    /// <summary><c>Ns.Inner.Outer+Nested`1</c>: the name reflection and <c>GetTypeByMetadataName</c> use.</summary>
    private static string MetadataNameOf(ClassDeclarationSyntax @class)
    {
        // The usual migration: a non-generic class straight in a namespace (or in none), written without lists.
        if (@class.TypeParameterList is null)
        {
            switch (@class.Parent)
            {
                case CompilationUnitSyntax:
                    return @class.Identifier.ValueText;
                case BaseNamespaceDeclarationSyntax { Parent: CompilationUnitSyntax } only:
                    return NamespaceName(only) + "." + @class.Identifier.ValueText;
            }
        }

        var parts = new List<string>();
        var separators = new List<char>();
        SyntaxNode? node = @class;
        while (node is not null)
        {
            switch (node)
            {
                case TypeDeclarationSyntax type:
                    var arity = type.TypeParameterList?.Parameters.Count ?? 0;
                    parts.Add(arity == 0 ? type.Identifier.ValueText : type.Identifier.ValueText + "`" + arity);
                    separators.Add('+');
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    parts.Add(NamespaceName(ns));
                    separators.Add('.');
                    break;
            }

            node = node.Parent;
        }

        // Reading outward, a nested type follows its containing type with '+' and a namespace with '.'.
        var name = new StringBuilder();
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            name.Append(parts[i]);
            if (i > 0)
            {
                name.Append(separators[i]);
            }
        }

        return name.ToString();
    }

    private static string NamespaceName(BaseNamespaceDeclarationSyntax ns) =>
        ns.Name.ToString().Replace(" ", string.Empty).Replace("global::", string.Empty);
}
