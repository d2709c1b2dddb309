using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// MC5005: adds <c>NOT VALID</c> to the constraint (a brief lock, no scan) and writes its
/// <c>VALIDATE CONSTRAINT</c> as a new migration after it (a scan under SHARE UPDATE EXCLUSIVE, which lets reads and
/// writes go on), in its own transaction as MC5006 asks. Offered for a named constraint in one SQL literal; an
/// unnamed one gets a name PostgreSQL makes up, which the fix will not guess.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NotValidConstraintCodeFix)), Shared]
public sealed class NotValidConstraintCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = RuleIds.ConstraintWithoutNotValid + ".NotValid";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ConstraintWithoutNotValid);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new RecipeFixes.FixAll(Plan, "Add NOT VALID and validate in new migrations");

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        RecipeFixes.RegisterAsync(
            context,
            Plan,
            facts => $"Add NOT VALID and validate '{facts.Property(DiagnosticProperties.Constraint)}' in a new migration",
            EquivalenceKey);

    private static bool Plan(OnlineFixFacts facts, MigrationEdits edits, out IReadOnlyList<ChildStep> steps)
    {
        steps = System.Array.Empty<ChildStep>();
        if (facts.Literal is not { } literal
            || facts.Offset(DiagnosticProperties.SqlOffset) is not { } offset
            || facts.Property(DiagnosticProperties.SqlInsert) is not { Length: > 0 } insert
            || facts.Property(DiagnosticProperties.Constraint) is not { Length: > 0 } constraint
            || AlterTablePrefix.Of(facts) is not { } prefix)
        {
            return false;
        }

        edits.Insert(literal, offset, insert);
        steps = new[]
        {
            new ChildStep(
                "validate_" + SqlIdentifiers.Slug(constraint, 40),
                $"Validates {constraint}, added NOT VALID by its parent: a scan that lets reads and writes go on.",
                new[] { prefix + "VALIDATE CONSTRAINT " + constraint },
                new[] { AlterTablePrefix.NothingToUndo }),
        };
        return true;
    }
}
