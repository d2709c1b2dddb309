using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.CodeFixes.Chain;

/// <summary>
/// MC1001: hangs a stray root under the current head (<c>Parent = "head"</c>). MC1002: replaces a reference to a
/// revision that does not exist with the closest existing one (or the current head). The chain rules chose the
/// revision; the diagnostic carries it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetParentCodeFix)), Shared]
public sealed class SetParentCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SecondRoot, RuleIds.UnknownRevision);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute
                || diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.SuggestedRevision) is not { } revision)
            {
                continue;
            }

            if (diagnostic.Id == RuleIds.SecondRoot)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Set Parent = \"{revision}\"", token => SetParentAsync(context.Document, attribute, revision, token), equivalenceKey: RuleIds.SecondRoot + ".SetParent"),
                    diagnostic);
            }
            else if (diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.MissingRevision) is { } missing)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Use '{revision}' instead of '{missing}'", token => ReplaceReferenceAsync(context.Document, attribute, missing, revision, token), equivalenceKey: RuleIds.UnknownRevision + ".Replace"),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> SetParentAsync(Document document, AttributeSyntax attribute, string revision, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var arguments = attribute.ArgumentList?.Arguments.Select(a => a.ToString()).ToList() ?? new List<string>();
        arguments.Add("Parent = " + SymbolDisplay.FormatLiteral(revision, quote: true));
        if (SyntaxFactory.ParseAttributeArgumentList("(" + string.Join(", ", arguments) + ")") is not { } list)
        {
            return document;
        }

        var replacement = attribute.ArgumentList is null ? list : list.WithTriviaFrom(attribute.ArgumentList);
        return document.WithSyntaxRoot(root.ReplaceNode(attribute, attribute.WithArgumentList(replacement)));
    }

    private static async Task<Document> ReplaceReferenceAsync(Document document, AttributeSyntax attribute, string missing, string revision, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || attribute.ArgumentList is null)
        {
            return document;
        }

        var references = new List<ExpressionSyntax>();
        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            switch (argument.NameEquals?.Name.Identifier.ValueText)
            {
                case "Parent":
                    references.Add(argument.Expression);
                    break;
                case "Parents" or "DependsOn":
                    references.AddRange(Elements(argument.Expression));
                    break;
            }
        }

        var wrong = references.Where(r => ValueOf(r, model, cancellationToken) == missing).ToList();
        if (wrong.Count == 0)
        {
            return document;
        }

        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(revision));
        return document.WithSyntaxRoot(root.ReplaceNodes(wrong, (original, _) => literal.WithTriviaFrom(original)));
    }

    private static IEnumerable<ExpressionSyntax> Elements(ExpressionSyntax array) => array switch
    {
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression),
        _ => Enumerable.Empty<ExpressionSyntax>(),
    };

    private static string? ValueOf(ExpressionSyntax expression, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (ConstantFolder.TryFold(expression, out var value))
        {
            return value;
        }

        var constant = model?.GetConstantValue(expression, cancellationToken);
        return constant is { HasValue: true, Value: string text } ? text : null;
    }
}
