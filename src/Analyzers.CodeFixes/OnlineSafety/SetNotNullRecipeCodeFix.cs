using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// MC5008: splits <c>ALTER COLUMN c SET NOT NULL</c> into PostgreSQL 12's recipe. The flagged migration adds
/// <c>CHECK (c IS NOT NULL) NOT VALID</c> instead (a brief lock, no scan); a new migration validates it (a scan that
/// lets reads and writes go on); a second one sets NOT NULL, which the validated check lets PostgreSQL do without a
/// scan, and drops the check it no longer needs. Offered when the action is its statement's only one, in one literal.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetNotNullRecipeCodeFix)), Shared]
public sealed class SetNotNullRecipeCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = RuleIds.SetNotNullScan + ".CheckRecipe";

    private static readonly Regex SetNotNull = new(
        @"^ALTER\s+(?:COLUMN\s+)?(?<column>.+?)\s+SET\s+NOT\s+NULL$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SetNotNullScan);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new RecipeFixes.FixAll(Plan, "Split SET NOT NULL into the CHECK recipe");

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        RecipeFixes.RegisterAsync(
            context,
            Plan,
            facts => $"Split SET NOT NULL on '{facts.Property(DiagnosticProperties.Column)}' into a CHECK, its validation and SET NOT NULL",
            EquivalenceKey);

    private static bool Plan(OnlineFixFacts facts, MigrationEdits edits, out IReadOnlyList<ChildStep> steps)
    {
        steps = System.Array.Empty<ChildStep>();
        if (facts.Literal is not { } literal
            || facts.Sql is not { } sql
            || facts.Offset(DiagnosticProperties.ActionStart) is not { } start
            || facts.Offset(DiagnosticProperties.ActionEnd) is not { } end
            || end <= start
            || facts.Property(DiagnosticProperties.Table) is not { Length: > 0 } table
            || facts.Property(DiagnosticProperties.Column) is not { Length: > 0 } columnName
            || AlterTablePrefix.Of(facts) is not { } prefix
            || !AlterTablePrefix.ActionIsLast(facts)
            || SetNotNull.Match(sql.Substring(start, end - start)) is not { Success: true } action)
        {
            return false;
        }

        var column = action.Groups["column"].Value;
        var tableName = table.Substring(table.LastIndexOf('.') + 1);
        var check = SqlIdentifiers.Quote(SqlIdentifiers.Slug(tableName + "_" + columnName + "_not_null"));
        var addCheck = $"ADD CONSTRAINT {check} CHECK ({column} IS NOT NULL) NOT VALID";
        edits.Replace(literal, start, end - start, addCheck);
        var slug = SqlIdentifiers.Slug(tableName + "_" + columnName, 30);
        steps = new[]
        {
            new ChildStep(
                "validate_" + slug + "_not_null",
                $"Validates {check}: a scan that lets reads and writes go on, so SET NOT NULL can skip its own.",
                new[] { prefix + "VALIDATE CONSTRAINT " + check },
                new[] { AlterTablePrefix.NothingToUndo }),
            new ChildStep(
                "set_" + slug + "_not_null",
                $"Sets {column} NOT NULL without a scan (the validated {check} proves it) and drops the check.",
                new[] { prefix + $"ALTER COLUMN {column} SET NOT NULL", prefix + "DROP CONSTRAINT " + check },
                new[] { prefix + addCheck, prefix + $"ALTER COLUMN {column} DROP NOT NULL" }),
        };
        return true;
    }
}
