using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// MC5003: sets <c>Transactional = false</c> on the migration, since PostgreSQL refuses CONCURRENTLY inside a
/// transaction. If the migration runs several statements, MC5004 then says so: splitting it is a decision, not a
/// mechanical edit.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OutsideTransactionCodeFix)), Shared]
public sealed class OutsideTransactionCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = RuleIds.ConcurrentlyInTransaction + ".NotTransactional";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ConcurrentlyInTransaction);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => InPlaceFixes.FixAll(Plan);

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => InPlaceFixes.RegisterAsync(context, Plan, "Run the migration outside a transaction (Transactional = false)", EquivalenceKey);

    private static bool Plan(OnlineFixFacts facts, MigrationEdits edits)
    {
        edits.SetArgument(facts.Declaration.Attribute, "Transactional", "false");
        return true;
    }
}
