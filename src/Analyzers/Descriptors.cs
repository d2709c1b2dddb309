using System;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers;

/// <summary>
/// Every diagnostic MigrationChain's analyzers report. Ids come from <see cref="RuleIds"/>; the factory derives the
/// category (from the id's block), the default severity and the help link, so no descriptor can get them wrong.
/// </summary>
internal static class Descriptors
{
    // The chain rules write complete messages (with every revision involved); the descriptor passes them through.
    private const string RuleMessage = "{0}";

    public static readonly DiagnosticDescriptor MC1001_SecondRoot = Create(
        RuleIds.SecondRoot,
        "Second root without a branch",
        RuleMessage,
        "A migration without a Parent while another unlabelled root exists: the database would see two independent chains and could run them in any order.");

    public static readonly DiagnosticDescriptor MC1002_UnknownRevision = Create(
        RuleIds.UnknownRevision,
        "Reference to a revision that does not exist",
        RuleMessage,
        "A Parent, merge parent or DependsOn entry names a revision that no migration declares; the runner would fail with \"Can't locate revision\".");

    public static readonly DiagnosticDescriptor MC1003_MultipleHeads = Create(
        RuleIds.MultipleHeads,
        "More than one head",
        RuleMessage,
        "Two migrations follow the same parent and no merge joins them, so the chain has more than one head on the same branch.");

    public static readonly DiagnosticDescriptor MC1004_DuplicateRevision = Create(
        RuleIds.DuplicateRevision,
        "Duplicate revision id",
        RuleMessage,
        "Two migrations declare the same revision id; the version table could not tell them apart.");

    public static readonly DiagnosticDescriptor MC1005_Cycle = Create(
        RuleIds.Cycle,
        "Cycle in the migration chain",
        RuleMessage,
        "Migrations name each other as parents or dependencies in a loop, so no order can run them.");

    public static readonly DiagnosticDescriptor MC1006_InvalidDeclaration = Create(
        RuleIds.InvalidDeclaration,
        "Invalid migration declaration",
        RuleMessage,
        "A revision id or branch label that cannot be stored or targeted, or [Migration] on a class the runner cannot run.");

    public static readonly DiagnosticDescriptor MC1007_MalformedMerge = Create(
        RuleIds.MalformedMerge,
        "Malformed merge",
        RuleMessage,
        "A merge that sets both Parent and Parents, names fewer than two parents, or names a parent twice.");

    public static readonly DiagnosticDescriptor MC1008_RedundantMergeParent = Create(
        RuleIds.RedundantMergeParent,
        "Redundant merge parent",
        RuleMessage,
        "A merge parent that is already an ancestor of another parent of the same merge joins nothing.");

    public static readonly DiagnosticDescriptor MC2001_MissingDowngrade = Create(
        RuleIds.MissingDowngrade,
        "Migration has no downgrade",
        "'{0}' {1}, so a downgrade across it fails. Write a Downgrade that undoes Upgrade, or mark the class [Irreversible(\"why\")].",
        "Downgrade is not overridden, is empty, or only throws, and the class is not marked [Irreversible].");

    public static readonly DiagnosticDescriptor MC2002_IrreversibleWithoutReason = Create(
        RuleIds.IrreversibleWithoutReason,
        "[Irreversible] without a reason",
        "'{0}' is marked [Irreversible] without a reason. Say why it cannot be undone: the reason is what the person trying to roll back will read.",
        "[Irreversible] needs a reason: it is shown when a downgrade across the migration is refused.");

    public static readonly DiagnosticDescriptor MC3001_UnguardedAlter = Create(
        RuleIds.UnguardedAlter,
        "ALTER TABLE on a table that may not exist",
        "'{0}' alters table '{1}', which {2}. {3}.",
        "SQL passed to MigrationBuilder.Sql alters a table that neither this migration nor any of its ancestors creates, without IF EXISTS and outside an if (m.TableExists(...)) guard.");

    public static readonly DiagnosticDescriptor MC3002_DropWithoutIfExists = Create(
        RuleIds.DropWithoutIfExists,
        "DROP without IF EXISTS",
        "'{0}' drops {1} '{2}' without IF EXISTS: if it is already gone, the migration fails. Write DROP {3} IF EXISTS.",
        "DROP TABLE or DROP INDEX without IF EXISTS fails when the object is already gone (a partly applied run, a hotfix applied by hand).");

    public static readonly DiagnosticDescriptor MC3003_AddColumnWithoutIfNotExists = Create(
        RuleIds.AddColumnWithoutIfNotExists,
        "ADD COLUMN without IF NOT EXISTS",
        "'{0}' adds column '{1}' to '{2}' without IF NOT EXISTS: if the column is already there, the migration fails. {3}.",
        "On PostgreSQL, ADD COLUMN without IF NOT EXISTS fails when the column already exists (a partly applied run, a hotfix applied by hand).");

    public static readonly DiagnosticDescriptor MC4004_ReleasedMigrationEdited = Create(
        RuleIds.ReleasedMigrationEdited,
        "Released migration edited",
        RuleMessage,
        "migrations.lock marks this migration as released (it has shipped and may have run on production databases), and its code no longer matches what was released.");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description) =>
        new(
            id,
            title,
            messageFormat,
            CategoryOf(id),
            DefaultSeverityOf(id),
            isEnabledByDefault: true,
            description,
            RuleIds.HelpLink(id));

    private static string CategoryOf(string id) => id.Substring(0, 3) switch
    {
        "MC1" => "Chain",
        "MC2" => "Reversibility",
        "MC3" => "SqlSafety",
        "MC4" => "Lock",
        _ => throw new ArgumentException($"'{id}' is in no known block.", nameof(id)),
    };

    // The chain rules say how serious each of their findings is (one place: the rule itself); a released migration
    // that was edited is an error as in every build; everything else is a warning.
    private static DiagnosticSeverity DefaultSeverityOf(string id) =>
        id.StartsWith("MC1", StringComparison.Ordinal)
            ? ChainValidator.SeverityOf(id) == ChainSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning
            : id == RuleIds.ReleasedMigrationEdited ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
}
