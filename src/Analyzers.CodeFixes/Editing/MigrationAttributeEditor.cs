using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.CodeFixes.Editing;

/// <summary>Edits of a <c>[Migration(...)]</c> attribute's named arguments, shared by the fixes that re-link the chain.</summary>
internal static class MigrationAttributeEditor
{
    /// <summary>The attribute with <c>Parent = "revision"</c> added after its other arguments.</summary>
    public static AttributeSyntax? WithParent(AttributeSyntax attribute, string revision) =>
        WithArgument(attribute, "Parent = " + SymbolDisplay.FormatLiteral(revision, quote: true));

    /// <summary>
    /// The attribute whose <c>DependsOn</c> also names <paramref name="revision"/>: appended to an array it already
    /// has, or <c>DependsOn = new[] { "revision" }</c> added after the other arguments.
    /// </summary>
    public static AttributeSyntax? WithDependsOn(AttributeSyntax attribute, string revision)
    {
        var literal = SymbolDisplay.FormatLiteral(revision, quote: true);
        var existing = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "DependsOn");
        if (existing is null)
        {
            return WithArgument(attribute, $"DependsOn = new[] {{ {literal} }}");
        }

        var element = SyntaxFactory.ParseExpression(literal);
        ExpressionSyntax? extended = existing.Expression switch
        {
            ImplicitArrayCreationExpressionSyntax array => array.WithInitializer(array.Initializer.AddExpressions(element)),
            ArrayCreationExpressionSyntax { Initializer: { } initializer } array => array.WithInitializer(initializer.AddExpressions(element)),
            CollectionExpressionSyntax collection => collection.AddElements(SyntaxFactory.ExpressionElement(element)),
            _ => null,
        };
        return extended is null ? null : attribute.ReplaceNode(existing.Expression, extended.WithTriviaFrom(existing.Expression));
    }

    /// <summary>
    /// The attribute with the named argument <c>name = value</c>: an existing one replaced in place, else added after
    /// the other arguments (e.g. <c>Transactional = false</c>, <c>LockTimeoutSeconds = 2</c>).
    /// </summary>
    public static AttributeSyntax? WithNamedArgument(AttributeSyntax attribute, string name, string value)
    {
        var existing = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        if (existing is null)
        {
            return WithArgument(attribute, name + " = " + value);
        }

        var expression = SyntaxFactory.ParseExpression(value);
        return expression.ContainsDiagnostics ? null : attribute.ReplaceNode(existing.Expression, expression.WithTriviaFrom(existing.Expression));
    }

    private static AttributeSyntax? WithArgument(AttributeSyntax attribute, string argument)
    {
        var arguments = attribute.ArgumentList?.Arguments.Select(a => a.ToString()).ToList() ?? new List<string>();
        arguments.Add(argument);
        if (SyntaxFactory.ParseAttributeArgumentList("(" + string.Join(", ", arguments) + ")") is not { } list)
        {
            return null;
        }

        return attribute.WithArgumentList(attribute.ArgumentList is null ? list : list.WithTriviaFrom(attribute.ArgumentList));
    }
}
