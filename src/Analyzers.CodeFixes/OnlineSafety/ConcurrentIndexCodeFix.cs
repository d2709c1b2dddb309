using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using MigrationChain.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// MC5001: writes <c>CONCURRENTLY</c> where the analyzer says it goes and sets <c>Transactional = false</c>
/// (PostgreSQL refuses CONCURRENTLY inside a transaction). Offered only when the migration then runs one statement
/// per method, so no failure can leave it half done (MC5004); the SQL must be one literal. Not offered under
/// <c>sql_dialect = both</c>: SQLite rejects CONCURRENTLY, and the plain statement is what runs there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConcurrentIndexCodeFix)), Shared]
public sealed class ConcurrentIndexCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = RuleIds.BlockingIndexChange + ".Concurrently";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingIndexChange);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static async (context, document, diagnostics) => await MigrationEdits.ApplyAsync(document, diagnostics, Plan, context.CancellationToken).ConfigureAwait(false));

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
            if (OnlineFixFacts.Of(context.Document, root, diagnostic, context.CancellationToken) is { } facts && Plan(facts, new MigrationEdits()))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Add CONCURRENTLY and run the migration outside a transaction",
                        token => MigrationEdits.ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), Plan, token),
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static bool Plan(OnlineFixFacts facts, MigrationEdits edits)
    {
        if (facts.Literal is not { } literal
            || facts.Offset(DiagnosticProperties.SqlOffset) is not { } offset
            || facts.Property(DiagnosticProperties.SqlInsert) is not { Length: > 0 } insert
            || !facts.RunsOneStatementPerMethod
            || facts.Target != SqlTarget.Postgres)
        {
            return false;
        }

        edits.Insert(literal, offset, insert);
        if (facts.Property(DiagnosticProperties.Transactional) != "false")
        {
            edits.SetArgument(facts.Declaration.Attribute, "Transactional", "false");
        }

        return true;
    }
}
