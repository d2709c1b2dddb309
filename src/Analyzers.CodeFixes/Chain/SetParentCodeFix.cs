using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Analyzers.CodeFixes.Editing;
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
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static async (context, document, diagnostics) =>
            await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || AttributeOf(root, diagnostic) is null || diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.SuggestedRevision) is not { } revision)
            {
                continue;
            }

            var title = diagnostic.Id == RuleIds.SecondRoot
                ? $"Set Parent = \"{revision}\""
                : $"Use '{revision}' instead of '{diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.MissingRevision)}'";
            context.RegisterCodeFix(
                CodeAction.Create(title, token => FixAsync(context.Document, ImmutableArray.Create(diagnostic), token), equivalenceKey: diagnostic.Id + ".SetParent"),
                diagnostic);
        }
    }

    /// <summary>Fixes every diagnostic's attribute in one syntax edit (several MC1002 may share one attribute).</summary>
    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var parents = new Dictionary<AttributeSyntax, string>();
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (AttributeOf(root, diagnostic) is not { } attribute || diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.SuggestedRevision) is not { } revision)
            {
                continue;
            }

            if (diagnostic.Id == RuleIds.SecondRoot)
            {
                parents[attribute] = revision;
            }
            else if (diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.MissingRevision) is { } missing)
            {
                foreach (var reference in References(attribute).Where(r => ValueOf(r, model, cancellationToken) == missing))
                {
                    replacements[reference] = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(revision)).WithTriviaFrom(reference);
                }
            }
        }

        // An attribute may get a Parent and have a reference inside it replaced: the Parent goes onto the rewritten one.
        var nodes = replacements.Keys.Concat(parents.Keys).Distinct().ToList();
        return nodes.Count == 0
            ? document
            : document.WithSyntaxRoot(root.ReplaceNodes(nodes, (original, rewritten) =>
                original is AttributeSyntax attribute && parents.TryGetValue(attribute, out var parent)
                    ? MigrationAttributeEditor.WithParent((AttributeSyntax)rewritten, parent) ?? rewritten
                    : replacements[original]));
    }

    private static AttributeSyntax? AttributeOf(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>();

    /// <summary>Every expression naming a revision: Parent, and the entries of Parents and DependsOn.</summary>
    private static IEnumerable<ExpressionSyntax> References(AttributeSyntax attribute)
    {
        foreach (var argument in attribute.ArgumentList?.Arguments ?? default)
        {
            switch (argument.NameEquals?.Name.Identifier.ValueText)
            {
                case "Parent":
                    yield return argument.Expression;
                    break;
                case "Parents" or "DependsOn":
                    foreach (var element in Elements(argument.Expression))
                    {
                        yield return element;
                    }

                    break;
            }
        }
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
