using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// MC5014: sets <c>LockTimeoutSeconds = 2</c> on the migration rather than writing <c>SET lock_timeout</c> into its
/// SQL. The attribute is what the runner applies per statement (2 s is its default for transactional steps, made
/// explicit so the analyzer can see it); a <c>SET</c> would outlive the migration in the session, would be one more
/// statement in a non-transactional migration (MC5004), and SQLite rejects it (<c>sql_dialect = both</c>), while the
/// attribute is ignored there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LockTimeoutCodeFix)), Shared]
public sealed class LockTimeoutCodeFix : CodeFixProvider
{
    /// <summary>The lock timeout the fix writes, in seconds: the runner's default for transactional migrations.</summary>
    internal const string Seconds = "2";

    private const string EquivalenceKey = RuleIds.NoLockTimeout + ".Attribute";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NoLockTimeout);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => InPlaceFixes.FixAll(Plan);

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => InPlaceFixes.RegisterAsync(context, Plan, $"Set LockTimeoutSeconds = {Seconds} on the migration", EquivalenceKey);

    private static bool Plan(OnlineFixFacts facts, MigrationEdits edits)
    {
        edits.SetArgument(facts.Declaration.Attribute, "LockTimeoutSeconds", Seconds);
        return true;
    }
}
