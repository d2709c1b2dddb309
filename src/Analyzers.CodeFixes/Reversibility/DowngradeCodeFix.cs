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
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static async (context, document, diagnostics) =>
            await FixAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || ClassOf(root, diagnostic) is not { } @class)
            {
                continue;
            }

            var diagnostics = ImmutableArray.Create(diagnostic);
            if (WriteDowngrade(@class, DialectOf(diagnostic), model, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Write a Downgrade that undoes Upgrade", token => FixAsync(context.Document, diagnostics, WriteKey, token), equivalenceKey: WriteKey),
                    diagnostic);
            }

            context.RegisterCodeFix(
                CodeAction.Create("Mark the migration [Irreversible]", token => FixAsync(context.Document, diagnostics, IrreversibleKey, token), equivalenceKey: IrreversibleKey),
                diagnostic);
        }
    }

    /// <summary>Applies the fix chosen by <paramref name="key"/> to every class the diagnostics are on.</summary>
    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var fixes = new Dictionary<ClassDeclarationSyntax, ClassDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (ClassOf(root, diagnostic) is { } @class && !fixes.ContainsKey(@class)
                && (key == WriteKey ? WriteDowngrade(@class, DialectOf(diagnostic), model, cancellationToken) : MarkIrreversible(@class, model, cancellationToken)) is { } fixedClass)
            {
                fixes[@class] = fixedClass;
            }
        }

        return fixes.Count == 0 ? document : document.WithSyntaxRoot(root.ReplaceNodes(fixes.Keys, (original, _) => fixes[original]));
    }

    private static ClassDeclarationSyntax? ClassOf(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>();

    // Under sql_dialect = both the inverse is written in SQLite's forms (no DROP COLUMN IF EXISTS), which PostgreSQL accepts.
    private static SqlDialect DialectOf(Diagnostic diagnostic) =>
        SqlDialectSetting.WritingDialect(diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.Dialect));

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

    /// <summary>The class with a Downgrade undoing Upgrade, or null when Upgrade is not simple enough to invert.</summary>
    private static ClassDeclarationSyntax? WriteDowngrade(ClassDeclarationSyntax @class, SqlDialect dialect, SemanticModel? model, CancellationToken cancellationToken)
    {
        var declaration = TreeFacts.Of(@class.SyntaxTree, cancellationToken).Find(@class);
        if (declaration?.Upgrade is not { } upgrade || Inverse(declaration, dialect, model, cancellationToken) is not { } inverse)
        {
            return null;
        }

        var builder = upgrade.BuilderName;
        var parameterType = upgrade.Syntax.ParameterList.Parameters.First(p => MigrationSyntaxReader.IsBuilderType(p.Type)).Type!.ToString();
        var modifiers = string.Join(" ", upgrade.Syntax.Modifiers.Select(m => m.ValueText));
        var body = string.Join("\n", inverse.Select(sql => $"    {builder}.Sql({SymbolDisplay.FormatLiteral(sql, quote: true)});"));
        var method = ((MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration($"{modifiers} void Downgrade({parameterType} {builder})\n{{\n{body}\n}}\n")!)
            .WithAdditionalAnnotations(Formatter.Annotation);

        if (declaration.Downgrade is { } existing)
        {
            return @class.ReplaceNode(existing.Syntax, method.WithTriviaFrom(existing.Syntax));
        }

        var index = @class.Members.IndexOf(upgrade.Syntax);
        return @class.WithMembers(@class.Members.Insert(index + 1, method.WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)));
    }

    /// <summary>The class marked [Irreversible], without its empty or throwing Downgrade.</summary>
    private static ClassDeclarationSyntax? MarkIrreversible(ClassDeclarationSyntax @class, SemanticModel? model, CancellationToken cancellationToken)
    {
        var declaration = TreeFacts.Of(@class.SyntaxTree, cancellationToken).Find(@class);
        if (declaration?.Attribute.Parent is not AttributeListSyntax migrationList)
        {
            return null;
        }

        var position = @class.AttributeLists.IndexOf(migrationList);
        var indentation = migrationList.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var list = SyntaxFactory.ParseCompilationUnit($"[{AttributeNameInScope(model, @class)}({SymbolDisplay.FormatLiteral(ReasonPrompt, quote: true)})]\nclass C {{ }}")
            .DescendantNodes().OfType<AttributeListSyntax>().First()
            .WithLeadingTrivia(indentation)
            .WithTrailingTrivia(migrationList.GetTrailingTrivia());

        var updated = @class.WithAttributeLists(@class.AttributeLists.Insert(position + 1, list));
        if (declaration.Downgrade is { Shape: BodyShape.Empty or BodyShape.OnlyThrows or BodyShape.OnlyCallsBase } useless)
        {
            var index = @class.Members.IndexOf(useless.Syntax);
            updated = updated.WithMembers(updated.Members.RemoveAt(index));
        }

        return updated;
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
