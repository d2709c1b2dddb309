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

    // The online-safety rules (src/Rules/Sql/Online) write the finding with its table, lock, cost and recipe.
    private const string OnlineSafetyMessage = "'{0}' {1}";

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

    public static readonly DiagnosticDescriptor MC5001_BlockingIndexChange = Create(
        RuleIds.BlockingIndexChange,
        "Index change without CONCURRENTLY",
        OnlineSafetyMessage,
        "CREATE INDEX, DROP INDEX, REINDEX or DETACH PARTITION without CONCURRENTLY on a table that exists in production blocks its writes (or reads and writes) until it finishes, which grows with the table.");

    public static readonly DiagnosticDescriptor MC5002_TableRewriteCommand = Create(
        RuleIds.TableRewriteCommand,
        "VACUUM FULL or CLUSTER rewrites the table",
        OnlineSafetyMessage,
        "VACUUM FULL and CLUSTER rewrite a table that exists in production under ACCESS EXCLUSIVE: nothing can read or write it until the copy is done.");

    public static readonly DiagnosticDescriptor MC5003_ConcurrentlyInTransaction = Create(
        RuleIds.ConcurrentlyInTransaction,
        "CONCURRENTLY in a transactional migration",
        OnlineSafetyMessage,
        "PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY inside a transaction block; the migration runs in one unless it sets Transactional = false.");

    public static readonly DiagnosticDescriptor MC5004_SeveralStatementsWithoutTransaction = Create(
        RuleIds.SeveralStatementsWithoutTransaction,
        "More than one statement in a non-transactional migration",
        OnlineSafetyMessage,
        "A migration with Transactional = false runs its statements one by one without a transaction: a failure between two of them leaves it half done.");

    public static readonly DiagnosticDescriptor MC5005_ConstraintWithoutNotValid = Create(
        RuleIds.ConstraintWithoutNotValid,
        "Constraint added without NOT VALID",
        OnlineSafetyMessage,
        "ADD FOREIGN KEY or ADD CHECK without NOT VALID checks every existing row while holding a lock that blocks writes; NOT VALID first, then VALIDATE CONSTRAINT in a later migration, does not.");

    public static readonly DiagnosticDescriptor MC5006_ValidateInSameMigration = Create(
        RuleIds.ValidateInSameMigration,
        "VALIDATE CONSTRAINT in the migration that adds it NOT VALID",
        OnlineSafetyMessage,
        "VALIDATE CONSTRAINT in the same migration as the NOT VALID add runs in the same transaction, which still holds the add's lock: NOT VALID then saves nothing.");

    public static readonly DiagnosticDescriptor MC5007_UniqueWithoutIndex = Create(
        RuleIds.UniqueWithoutIndex,
        "UNIQUE or PRIMARY KEY built under the table lock",
        OnlineSafetyMessage,
        "ADD UNIQUE or ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE unless it adopts an index created CONCURRENTLY first (USING INDEX); ADD EXCLUDE has no such way.");

    public static readonly DiagnosticDescriptor MC5008_SetNotNullScan = Create(
        RuleIds.SetNotNullScan,
        "SET NOT NULL scans the table under ACCESS EXCLUSIVE",
        OnlineSafetyMessage,
        "ALTER COLUMN ... SET NOT NULL checks every row under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) already proves it (PostgreSQL 12 and later).");

    public static readonly DiagnosticDescriptor MC5009_NotNullColumnWithoutDefault = Create(
        RuleIds.NotNullColumnWithoutDefault,
        "NOT NULL column added without a default",
        OnlineSafetyMessage,
        "ADD COLUMN ... NOT NULL without a DEFAULT fails on a table that has rows, and the application's inserts that do not set it fail too.");

    public static readonly DiagnosticDescriptor MC5010_RewritingAddColumn = Create(
        RuleIds.RewritingAddColumn,
        "ADD COLUMN rewrites the table",
        OnlineSafetyMessage,
        "ADD COLUMN with a volatile default, a STORED generated column, or a serial/identity column rewrites the whole table under ACCESS EXCLUSIVE.");

    public static readonly DiagnosticDescriptor MC5011_RewritingTypeChange = Create(
        RuleIds.RewritingTypeChange,
        "Column type change rewrites the table",
        OnlineSafetyMessage,
        "ALTER COLUMN ... TYPE rewrites the table (and its indexes) under ACCESS EXCLUSIVE, except for the few binary-compatible changes.");

    public static readonly DiagnosticDescriptor MC5012_RenameInUse = Create(
        RuleIds.RenameInUse,
        "Rename of a table or column the released code may use",
        OnlineSafetyMessage,
        "The code of the previous release, still running during a rolling deploy, may use the old name: rename in expand/contract steps.");

    public static readonly DiagnosticDescriptor MC5013_DropInUse = Create(
        RuleIds.DropInUse,
        "Drop of a table or column the released code may use",
        OnlineSafetyMessage,
        "The code of the previous release, still running during a rolling deploy, may still read or write it: drop it in a contract step after no released code uses it.");

    public static readonly DiagnosticDescriptor MC5014_NoLockTimeout = Create(
        RuleIds.NoLockTimeout,
        "Blocking DDL without a lock timeout",
        OnlineSafetyMessage,
        "A statement that waits for a lock behind a long transaction makes every later query on the table queue behind it; a lock timeout makes it give up (and retry) instead.");

    public static readonly DiagnosticDescriptor MC5015_BackfillUnderDdlLock = Create(
        RuleIds.BackfillUnderDdlLock,
        "Whole-table UPDATE or DELETE under a DDL lock",
        OnlineSafetyMessage,
        "An UPDATE or DELETE without WHERE in the same transaction as DDL on its table holds the DDL's lock for the whole backfill.");

    public static readonly DiagnosticDescriptor MC5016_TableOnParallelBranch = Create(
        RuleIds.TableOnParallelBranch,
        "Table created on a parallel branch: online-safety rules not applied",
        OnlineSafetyMessage,
        "The table is created only by a migration that is not an ancestor, so whether it exists in production when this migration runs is unknown; the online-safety rules say nothing about it rather than guess.");

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
        "MC5" => "OnlineSafety",
        _ => throw new ArgumentException($"'{id}' is in no known block.", nameof(id)),
    };

    // The chain rules say how serious each of their findings is (one place: the rule itself); a released migration
    // that was edited is an error as in every build; everything else is a warning, except:
    // MC5003 is an error because PostgreSQL itself refuses the statement; MC5016 only says a rule stayed silent.
    private static DiagnosticSeverity DefaultSeverityOf(string id) =>
        id.StartsWith("MC1", StringComparison.Ordinal)
            ? ChainValidator.SeverityOf(id) == ChainSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning
            : id is RuleIds.ReleasedMigrationEdited or RuleIds.ConcurrentlyInTransaction ? DiagnosticSeverity.Error
            : id == RuleIds.TableOnParallelBranch ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning;
}
