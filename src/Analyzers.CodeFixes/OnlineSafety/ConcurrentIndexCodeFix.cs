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
    public override FixAllProvider GetFixAllProvider() => InPlaceFixes.FixAll(Plan);

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => InPlaceFixes.RegisterAsync(context, Plan, "Add CONCURRENTLY and run the migration outside a transaction", EquivalenceKey);

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
