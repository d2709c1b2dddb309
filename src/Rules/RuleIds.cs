namespace MigrationChain;

/// <summary>
/// Every diagnostic id MigrationChain reports, in one place. Blocks: MC1xxx chain structure, MC2xxx reversibility,
/// MC3xxx SQL safety, MC4xxx lock file, MC5xxx PostgreSQL online safety. Ids are never reused once shipped.
/// </summary>
public static class RuleIds
{
    /// <summary>A second root: a migration without a parent while another unlabelled root exists.</summary>
    public const string SecondRoot = "MC1001";

    /// <summary>A parent, merge parent or DependsOn entry names a revision that does not exist.</summary>
    public const string UnknownRevision = "MC1002";

    /// <summary>More than one head not explained by labelled branches.</summary>
    public const string MultipleHeads = "MC1003";

    /// <summary>Two migrations declare the same revision id.</summary>
    public const string DuplicateRevision = "MC1004";

    /// <summary>The parents (or DependsOn entries) form a cycle.</summary>
    public const string Cycle = "MC1005";

    /// <summary>An invalid revision id, or [Migration] on a class that does not derive from Migration.</summary>
    public const string InvalidDeclaration = "MC1006";

    /// <summary>A malformed merge: Parent and Parents both set, fewer than two parents, or a parent named twice.</summary>
    public const string MalformedMerge = "MC1007";

    /// <summary>A merge parent that is already an ancestor of another parent of the same merge.</summary>
    public const string RedundantMergeParent = "MC1008";

    /// <summary>A migration whose Downgrade is missing, empty or only throws, and that is not marked [Irreversible].</summary>
    public const string MissingDowngrade = "MC2001";

    /// <summary>[Irreversible] with an empty reason.</summary>
    public const string IrreversibleWithoutReason = "MC2002";

    /// <summary>ALTER TABLE on a table that neither the migration nor its ancestors create, without a guard.</summary>
    public const string UnguardedAlter = "MC3001";

    /// <summary>DROP TABLE or DROP INDEX without IF EXISTS.</summary>
    public const string DropWithoutIfExists = "MC3002";

    /// <summary>ADD COLUMN without IF NOT EXISTS (PostgreSQL).</summary>
    public const string AddColumnWithoutIfNotExists = "MC3003";

    /// <summary>A migration recorded in the lock file was edited after it was locked.</summary>
    public const string LockedMigrationEdited = "MC4001";

    /// <summary>The lock file lacks migrations the build contains.</summary>
    public const string LockFileMissingMigrations = "MC4002";

    /// <summary>The lock file names a revision the build no longer contains.</summary>
    public const string LockFileNamesRemovedRevision = "MC4003";

    /// <summary>A migration inside the release boundary of the lock file (shipped) was edited.</summary>
    public const string ReleasedMigrationEdited = "MC4004";

    /// <summary>CREATE/DROP INDEX, REINDEX or DETACH PARTITION without CONCURRENTLY on an existing table.</summary>
    public const string BlockingIndexChange = "MC5001";

    /// <summary>VACUUM FULL or CLUSTER: rewrites an existing table under ACCESS EXCLUSIVE.</summary>
    public const string TableRewriteCommand = "MC5002";

    /// <summary>CONCURRENTLY in a migration that runs in a transaction (PostgreSQL refuses it).</summary>
    public const string ConcurrentlyInTransaction = "MC5003";

    /// <summary>More than one statement in a non-transactional migration.</summary>
    public const string SeveralStatementsWithoutTransaction = "MC5004";

    /// <summary>ADD FOREIGN KEY or ADD CHECK without NOT VALID on an existing table.</summary>
    public const string ConstraintWithoutNotValid = "MC5005";

    /// <summary>VALIDATE CONSTRAINT in the same migration as its NOT VALID add.</summary>
    public const string ValidateInSameMigration = "MC5006";

    /// <summary>ADD UNIQUE / PRIMARY KEY not USING INDEX, or ADD EXCLUDE, on an existing table.</summary>
    public const string UniqueWithoutIndex = "MC5007";

    /// <summary>SET NOT NULL on an existing table without a validated CHECK (col IS NOT NULL) first.</summary>
    public const string SetNotNullScan = "MC5008";

    /// <summary>ADD COLUMN ... NOT NULL without a default on an existing table.</summary>
    public const string NotNullColumnWithoutDefault = "MC5009";

    /// <summary>ADD COLUMN with a volatile default, a stored generated column, or a serial/identity column.</summary>
    public const string RewritingAddColumn = "MC5010";

    /// <summary>ALTER COLUMN ... TYPE that rewrites an existing table.</summary>
    public const string RewritingTypeChange = "MC5011";

    /// <summary>Renaming a table or column the previous release's code may still use.</summary>
    public const string RenameInUse = "MC5012";

    /// <summary>Dropping a table or column the previous release's code may still use.</summary>
    public const string DropInUse = "MC5013";

    /// <summary>Blocking DDL on an existing table in a migration without a lock timeout.</summary>
    public const string NoLockTimeout = "MC5014";

    /// <summary>UPDATE/DELETE without WHERE in the same transaction as DDL on that table.</summary>
    public const string BackfillUnderDdlLock = "MC5015";

    /// <summary>A table created on a parallel branch: whether it exists in production is unknown, rules not applied.</summary>
    public const string TableOnParallelBranch = "MC5016";

    /// <summary>The URL of the documentation page for an id; every diagnostic's help link points here.</summary>
    public static string HelpLink(string id) =>
        "https://github.com/migrationchain/migrationchain/blob/main/docs/diagnostics/" + id + ".md";
}
