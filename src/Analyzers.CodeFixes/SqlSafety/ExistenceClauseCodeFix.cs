using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Analyzers.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace MigrationChain.Analyzers.CodeFixes.SqlSafety;

/// <summary>
/// MC3001, MC3002, MC3003: writes the missing <c>IF EXISTS</c> / <c>IF NOT EXISTS</c> into the SQL literal, or,
/// where the dialect has no such clause (SQLite's ALTER TABLE, and under <c>sql_dialect = both</c> every clause SQLite
/// rejects) or the SQL is not a literal, wraps the call in a
/// <c>TableExists</c> (or <c>!ColumnExists</c>) guard. Fix All applies every fix of a document in one edit, so
/// several fixes inside one literal all land.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExistenceClauseCodeFix)), Shared]
public sealed class ExistenceClauseCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.UnguardedAlter, RuleIds.DropWithoutIfExists, RuleIds.AddColumnWithoutIfNotExists);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // When another migration creates the table, the fix is to order it first (AncestorLinkCodeFix): a guard
            // would make the statement silently do nothing on a fresh database.
            var plan = Plan(root, diagnostic);
            if (plan is null || diagnostic.Properties.ContainsKey(DiagnosticProperties.LinkKind))
            {
                continue;
            }

            var title = plan.Value.Insert is { } insert
                ? $"Add{insert.Text} to the SQL"
                : $"Guard the call with if ({plan.Value.Guard})";
            context.RegisterCodeFix(
                CodeAction.Create(title, token => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), token), equivalenceKey: diagnostic.Id + (plan.Value.Insert is null ? ".Guard" : ".Insert")),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var insertions = new Dictionary<LiteralExpressionSyntax, List<(int, string)>>();
        var guards = new Dictionary<SyntaxNode, List<string>>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(DiagnosticProperties.LinkKind) || Plan(root, diagnostic) is not { } plan)
            {
                continue;
            }

            if (plan.Insert is { } insert)
            {
                Add(insertions, plan.Literal!, (insert.Offset, insert.Text));
            }
            else
            {
                Add(guards, plan.GuardedNode!, plan.Guard!);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var pair in insertions)
        {
            editor.ReplaceNode(pair.Key, (current, _) => SqlLiteralEditor.Insert((LiteralExpressionSyntax)current, pair.Value));
        }

        foreach (var pair in guards)
        {
            var condition = string.Join(" && ", pair.Value.Distinct());
            editor.ReplaceNode(pair.Key, (current, _) => Guard(current, condition));
        }

        var changed = editor.GetChangedDocument();
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = new List<TValue>();
        }

        list.Add(value);
    }

    /// <summary>Which fix a diagnostic gets: the clause in the literal when possible, else a guard, else none.</summary>
    private static FixPlan? Plan(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax argument)
        {
            return null;
        }

        var properties = diagnostic.Properties;
        var dialect = properties.GetValueOrDefault(DiagnosticProperties.Dialect);
        if ((dialect == "postgres" || diagnostic.Id == RuleIds.DropWithoutIfExists)
            && SqlLiteralEditor.IsEditable(argument)
            && int.TryParse(properties.GetValueOrDefault(DiagnosticProperties.SqlOffset), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            && properties.GetValueOrDefault(DiagnosticProperties.SqlInsert) is { Length: > 0 } text
            && offset <= ((LiteralExpressionSyntax)argument).Token.ValueText.Length)
        {
            return new FixPlan((LiteralExpressionSyntax)argument, (offset, text), null, null);
        }

        if (properties.GetValueOrDefault(DiagnosticProperties.SingleStatement) != "true"
            || properties.GetValueOrDefault(DiagnosticProperties.Builder) is not { Length: > 0 } builder
            || properties.GetValueOrDefault(DiagnosticProperties.Table) is not { } table
            || GuardedNodeOf(argument) is not { } guarded)
        {
            return null;
        }

        var condition = properties.GetValueOrDefault(DiagnosticProperties.Guard) switch
        {
            DiagnosticProperties.GuardTableExists => $"{builder}.TableExists({Literal(table)})",
            DiagnosticProperties.GuardColumnAbsent when properties.GetValueOrDefault(DiagnosticProperties.Column) is { } column =>
                $"!{builder}.ColumnExists({Literal(table)}, {Literal(column)})",
            _ => null,
        };

        return condition is null ? null : new FixPlan(null, null, guarded, condition);
    }

    /// <summary>The statement holding the <c>Sql</c> call, or the expression-bodied method it is the body of.</summary>
    private static SyntaxNode? GuardedNodeOf(ExpressionSyntax argument)
    {
        var invocation = argument.Parent?.Parent?.Parent as InvocationExpressionSyntax;
        return invocation?.Parent switch
        {
            ExpressionStatementSyntax statement => statement,
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } when method.ReturnType is PredefinedTypeSyntax { Keyword.ValueText: "void" } => method,
            _ => null,
        };
    }

    private static SyntaxNode Guard(SyntaxNode node, string condition)
    {
        var test = SyntaxFactory.ParseExpression(condition);
        if (node is MethodDeclarationSyntax method && method.ExpressionBody is { } arrow)
        {
            var call = SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia());
            var body = SyntaxFactory.Block(SyntaxFactory.IfStatement(test, SyntaxFactory.Block(call)));
            return method
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithParameterList(method.ParameterList.WithoutTrailingTrivia())
                .WithBody(body.WithTrailingTrivia(method.SemicolonToken.TrailingTrivia))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        var statement = (StatementSyntax)node;
        return SyntaxFactory.IfStatement(test, SyntaxFactory.Block(statement.WithoutLeadingTrivia().WithoutTrailingTrivia()))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(statement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    private readonly struct FixPlan
    {
        public FixPlan(LiteralExpressionSyntax? literal, (int Offset, string Text)? insert, SyntaxNode? guardedNode, string? guard)
        {
            Literal = literal;
            Insert = insert;
            GuardedNode = guardedNode;
            Guard = guard;
        }

        public LiteralExpressionSyntax? Literal { get; }

        public (int Offset, string Text)? Insert { get; }

        public SyntaxNode? GuardedNode { get; }

        public string? Guard { get; }
    }
}
