using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace MigrationChain.Analyzers.CodeFixes.Reversibility;

/// <summary>
/// MC2001: writes a <c>Downgrade</c> that undoes a simple <c>Upgrade</c> (every statement a <c>Sql</c> call whose
/// statements all have an inverse: CREATE TABLE, CREATE INDEX, ADD COLUMN), or marks the class
/// <c>[Irreversible("...")]</c> and removes the empty or throwing <c>Downgrade</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DowngradeCodeFix)), Shared]
public sealed class DowngradeCodeFix : CodeFixProvider
{
    /// <summary>The reason the Irreversible fix writes: a prompt, to be replaced by the real reason.</summary>
    public const string ReasonPrompt = "Describe why this migration cannot be undone";

    private const string WriteKey = RuleIds.MissingDowngrade + ".WriteDowngrade";
    private const string IrreversibleKey = RuleIds.MissingDowngrade + ".MarkIrreversible";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingDowngrade);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } @class
                || TreeFacts.Of(@class.SyntaxTree, context.CancellationToken).Find(@class) is not { } declaration)
            {
                continue;
            }

            var dialect = SqlDialectSetting.Parse(diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.Dialect));
            if (Inverse(declaration, dialect, model, context.CancellationToken) is { } inverse)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Write a Downgrade that undoes Upgrade", token => WriteDowngradeAsync(context.Document, @class, inverse, token), equivalenceKey: WriteKey),
                    diagnostic);
            }

            context.RegisterCodeFix(
                CodeAction.Create("Mark the migration [Irreversible]", token => MarkIrreversibleAsync(context.Document, @class, token), equivalenceKey: IrreversibleKey),
                diagnostic);
        }
    }

    /// <summary>The SQL that undoes Upgrade, last change first; null when Upgrade is not that simple.</summary>
    private static List<string>? Inverse(MigrationDeclaration declaration, SqlDialect dialect, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (declaration.Upgrade is not { IsOnlySqlCalls: true, BuilderEscapes: false } upgrade)
        {
            return null;
        }

        var inverse = new List<string>();
        foreach (var call in upgrade.Calls)
        {
            var sql = call.Sql.Resolve(model, out var known, cancellationToken);
            if (!known || sql is null || SqlInverter.Invert(sql, dialect) is not { } undo)
            {
                return null;
            }

            inverse.InsertRange(0, undo);
        }

        return inverse.Count == 0 ? null : inverse;
    }

    private static async Task<Document> WriteDowngradeAsync(Document document, ClassDeclarationSyntax @class, List<string> inverse, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var declaration = TreeFacts.Of(@class.SyntaxTree, cancellationToken).Find(@class);
        if (root is null || declaration?.Upgrade is not { } upgrade)
        {
            return document;
        }

        var builder = upgrade.BuilderName;
        var parameterType = upgrade.Syntax.ParameterList.Parameters.First(p => MigrationSyntaxReader.IsBuilderType(p.Type)).Type!.ToString();
        var modifiers = string.Join(" ", upgrade.Syntax.Modifiers.Select(m => m.ValueText));
        var body = string.Join("\n", inverse.Select(sql => $"    {builder}.Sql({SymbolDisplay.FormatLiteral(sql, quote: true)});"));
        var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration($"{modifiers} void Downgrade({parameterType} {builder})\n{{\n{body}\n}}\n")!;
        method = method.WithAdditionalAnnotations(Formatter.Annotation);

        ClassDeclarationSyntax updated;
        if (declaration.Downgrade is { } existing)
        {
            updated = @class.ReplaceNode(existing.Syntax, method.WithTriviaFrom(existing.Syntax));
        }
        else
        {
            var index = @class.Members.IndexOf(upgrade.Syntax);
            updated = @class.WithMembers(@class.Members.Insert(index + 1, method.WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(@class, updated));
    }

    private static async Task<Document> MarkIrreversibleAsync(Document document, ClassDeclarationSyntax @class, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var declaration = TreeFacts.Of(@class.SyntaxTree, cancellationToken).Find(@class);
        if (root is null || declaration is null)
        {
            return document;
        }

        var name = AttributeNameInScope(model, @class);
        var migrationList = (AttributeListSyntax)declaration.Attribute.Parent!;
        var indentation = migrationList.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var list = SyntaxFactory.ParseCompilationUnit($"[{name}({SymbolDisplay.FormatLiteral(ReasonPrompt, quote: true)})]\nclass C {{ }}")
            .DescendantNodes().OfType<AttributeListSyntax>().First()
            .WithLeadingTrivia(indentation)
            .WithTrailingTrivia(migrationList.GetTrailingTrivia());

        var updated = @class;
        if (declaration.Downgrade is { Shape: BodyShape.Empty or BodyShape.OnlyThrows or BodyShape.OnlyCallsBase } useless)
        {
            updated = updated.RemoveNode(useless.Syntax, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        var position = updated.AttributeLists.IndexOf(l => l.Span == migrationList.Span);
        updated = updated.WithAttributeLists(updated.AttributeLists.Insert(position + 1, list));
        return document.WithSyntaxRoot(root.ReplaceNode(@class, updated));
    }

    /// <summary><c>Irreversible</c> when <c>MigrationChain</c> is in scope at the class, else the qualified name.</summary>
    private static string AttributeNameInScope(SemanticModel? model, ClassDeclarationSyntax @class)
    {
        var bound = model?.GetSpeculativeSymbolInfo(@class.SpanStart, SyntaxFactory.ParseName("IrreversibleAttribute"), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
        return bound is INamedTypeSymbol type && type.ToDisplayString() == MigrationSymbols.IrreversibleAttributeMetadataName
            ? "Irreversible"
            : "global::MigrationChain.Irreversible";
    }
}
