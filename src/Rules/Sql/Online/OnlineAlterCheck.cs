using System;
using System.Collections.Generic;
using MigrationChain.Schema;

namespace MigrationChain.Sql;

/// <summary>The online-safety rules for the actions of one <c>ALTER TABLE</c>.</summary>
internal sealed class OnlineAlterCheck
{
    // Functions whose result differs per row: as a new column's default they make PostgreSQL write every row.
    private static readonly HashSet<string> VolatileFunctions = new(StringComparer.Ordinal)
    {
        "RANDOM", "RANDOM_NORMAL", "GEN_RANDOM_UUID", "UUID_GENERATE_V1", "UUID_GENERATE_V1MC", "UUID_GENERATE_V4", "UUIDV7", "UUIDV4",
        "CLOCK_TIMESTAMP", "TIMEOFDAY", "NEXTVAL", "TXID_CURRENT", "PG_CURRENT_XACT_ID",
    };

    private static readonly HashSet<string> SerialTypes = new(StringComparer.Ordinal)
    {
        "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8",
    };

    private readonly OnlineStatementCheck _check;
    private readonly SqlName _table;

    public OnlineAlterCheck(OnlineStatementCheck check, SqlName table)
    {
        _check = check;
        _table = table;
    }

    public void Run()
    {
        foreach (var action in _check.Statement.Actions)
        {
            var reading = AlterActionReading.Of(_check.Statement, action);
            _check.IfExisting(_table, age => Judge(action, reading, age));
        }
    }

    private string Table(TableAge age) => OnlineStatementCheck.Describe(_table, age);

    private void Judge(AlterTableAction action, AlterActionReading reading, TableAge age)
    {
        var mode = _check.Lock(_table);
        switch (reading.Kind)
        {
            case OnlineActionKind.DetachPartition when !reading.IsConcurrent:
                _check.Add(RuleIds.BlockingIndexChange, _table, PostgresLockMode.AccessExclusive,
                    $"detaches a partition of {Table(age)} without CONCURRENTLY: it takes ACCESS EXCLUSIVE on the partitioned table, which blocks every read and " +
                    "write of every partition until it has the lock and is done. Write DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+) in a migration of its " +
                    "own with Transactional = false.", reading.End, " CONCURRENTLY", reading);
                break;
            case OnlineActionKind.AddForeignKey or OnlineActionKind.AddCheck when !reading.IsNotValid:
                var what = reading.Kind == OnlineActionKind.AddForeignKey ? "a foreign key" : "a check constraint";
                var also = reading.Kind == OnlineActionKind.AddForeignKey ? " (and SHARE ROW EXCLUSIVE on the referenced table)" : string.Empty;
                _check.Add(RuleIds.ConstraintWithoutNotValid, _table, mode,
                    $"adds {what} to {Table(age)} without NOT VALID: {_check.Costs(_table)}{also}, to check every existing row. Add it NOT VALID here " +
                    "(new rows are checked at once), and run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration: it checks the old rows under " +
                    "SHARE UPDATE EXCLUSIVE, which lets reads and writes through.", reading.End, " NOT VALID", reading);
                break;
            case OnlineActionKind.ValidateConstraint when reading.Constraint is { } validated && _check.State.WasAddedNotValid(_table, validated):
                _check.Add(RuleIds.ValidateInSameMigration, _table, PostgresLockMode.ShareUpdateExclusive,
                    $"validates constraint '{validated.Text}' in the migration that adds it NOT VALID: both run in one transaction, which keeps the add's " +
                    $"lock on '{_table.Text}' while every row is checked, so NOT VALID saves nothing. Move the VALIDATE CONSTRAINT to a later migration.",
                    action: reading);
                break;
            case OnlineActionKind.AddUnique or OnlineActionKind.AddPrimaryKey when !reading.UsesIndex:
                var key = reading.Kind == OnlineActionKind.AddUnique ? "UNIQUE" : "PRIMARY KEY";
                _check.Add(RuleIds.UniqueWithoutIndex, _table, PostgresLockMode.AccessExclusive,
                    $"adds a {key} constraint to {Table(age)}, which builds its index under ACCESS EXCLUSIVE: every read and write waits for as long as " +
                    $"the build takes, which grows with the table. Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (a migration with " +
                    $"Transactional = false), then ADD CONSTRAINT ... {key} USING INDEX in a later one.", action: reading);
                break;
            case OnlineActionKind.AddExclude:
                _check.Add(RuleIds.UniqueWithoutIndex, _table, PostgresLockMode.AccessExclusive,
                    $"adds an EXCLUDE constraint to {Table(age)}: its index is built under ACCESS EXCLUSIVE (there is no USING INDEX form), blocking every " +
                    "read and write for as long as the build takes. Do it in a maintenance window, or enforce the rule another way first.", action: reading);
                break;
            case OnlineActionKind.SetNotNull when action.Column is { } column && !_check.State.IsNotNullValidated(_table, column):
                _check.Add(RuleIds.SetNotNullScan, _table, PostgresLockMode.AccessExclusive,
                    $"sets column '{column.Text}' of {Table(age)} NOT NULL: it reads every row under ACCESS EXCLUSIVE, which blocks every read and write for " +
                    $"as long as the scan takes. First ADD CONSTRAINT ... CHECK ({column.Text} IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then " +
                    "SET NOT NULL (PostgreSQL 12+ trusts the validated check and skips the scan) and drop the check.", action: reading, column: column);
                break;
            case OnlineActionKind.AddColumn:
                JudgeAddColumn(action, reading, age);
                break;
            case OnlineActionKind.AlterColumnType when action.Column is { } changed && reading.TypeText is { } type:
                var old = _check.State.Migration.ColumnTypeBefore?.Invoke(_table.Key, changed.Key);
                if (TypeChangeCost.Judge(type, old) == TypeChangeVerdict.Rewrites)
                {
                    _check.Add(RuleIds.RewritingTypeChange, _table, PostgresLockMode.AccessExclusive,
                        $"changes column '{changed.Text}' of {Table(age)} to {type}{(old is null ? string.Empty : $" (from {old})")}: PostgreSQL rewrites the table and " +
                        "its indexes under ACCESS EXCLUSIVE, which blocks every read and write for as long as that takes. Add a new column, fill it in " +
                        "batches, switch the code over, then drop the old one.", action: reading, column: changed);
                }

                break;
        }

        switch (action.Kind)
        {
            case AlterTableActionKind.RenameTable when action.NewName is { } renamed:
                _check.Add(RuleIds.RenameInUse, _table, PostgresLockMode.AccessExclusive,
                    $"renames {Table(age)} to '{renamed.Text}': the code of the previous release, still running beside the new one during the deploy, " +
                    "uses the old name and fails. Expand and contract instead (a view or both names until no released code uses the old one), or mark " +
                    "this migration [ContractStep(\"why no released code uses the old name\")].", action: reading);
                break;
            case AlterTableActionKind.RenameColumn when action.Column is { } column && action.NewName is { } renamedColumn && !IsNewColumn(column):
                _check.Add(RuleIds.RenameInUse, _table, PostgresLockMode.AccessExclusive,
                    $"renames column '{column.Text}' of {Table(age)} to '{renamedColumn.Text}': the code of the previous release, still running during the " +
                    "deploy, uses the old name and fails. Add the new column, write both, backfill, move the reads, and drop the old one in a later " +
                    "release, or mark this migration [ContractStep(\"why no released code uses the old name\")].", action: reading, column: column);
                break;
            case AlterTableActionKind.DropColumn when action.Column is { } dropped && !IsNewColumn(dropped):
                _check.Add(RuleIds.DropInUse, _table, PostgresLockMode.AccessExclusive,
                    $"drops column '{dropped.Text}' of {Table(age)}, which the code of the previous release may still read or write while it runs beside the " +
                    "new one. Stop using it in a release first, then drop it in a contract step: mark this migration [ContractStep(\"why no released " +
                    "code uses it\")].", action: reading, column: dropped);
                break;
        }
    }

    /// <summary>A column added earlier in this migration, or by an ancestor not yet released, that no released code uses.</summary>
    private bool IsNewColumn(SqlName column) =>
        _check.Tables.IsNewColumn(_table, column)
        || (_check.State.Migration.ColumnAddedSinceRelease?.Invoke(_table.Key, column.Key) ?? false);

    private void JudgeAddColumn(AlterTableAction action, AlterActionReading reading, TableAge age)
    {
        var column = action.Column;
        var name = column?.Text ?? "?";
        var serial = reading.TypeText is { } type && SerialTypes.Contains(type);
        var volatileFunction = VolatileIn(reading.DefaultWords);
        string? rewrite = reading.IsStoredGenerated ? "a STORED generated column (every row gets its computed value written)"
            : reading.IsIdentity ? "an identity column (every row gets a number written)"
            : serial ? $"a {reading.TypeText} column (its nextval() default gives every row a different value)"
            : volatileFunction is not null ? $"a default that calls {volatileFunction.ToLowerInvariant()}(), which is volatile (every row gets its own value)"
            : null;
        if (rewrite is not null)
        {
            _check.Add(RuleIds.RewritingAddColumn, _table, PostgresLockMode.AccessExclusive,
                $"adds column '{name}' to {Table(age)} with {rewrite}: PostgreSQL rewrites the whole table under ACCESS EXCLUSIVE, which blocks every read " +
                "and write for as long as that takes. Add the column without the default (or with a constant one), set the default for new rows in a " +
                "second statement, and backfill old rows in batches.", action: reading, column: column);
            return;
        }

        if (reading.HasInlineReferences)
        {
            _check.Add(RuleIds.ConstraintWithoutNotValid, _table, PostgresLockMode.AccessExclusive,
                $"adds column '{name}' to {Table(age)} with an inline REFERENCES: the foreign key is checked against every row while the ALTER holds " +
                "ACCESS EXCLUSIVE on the table (and SHARE ROW EXCLUSIVE on the referenced one), and a column constraint cannot be NOT VALID. Add the " +
                "column without REFERENCES, then ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY (...) REFERENCES ... NOT VALID, and VALIDATE CONSTRAINT " +
                "in a later migration.", action: reading, column: column);
        }

        if (reading.HasInlineUniqueIndex)
        {
            _check.Add(RuleIds.UniqueWithoutIndex, _table, PostgresLockMode.AccessExclusive,
                $"adds column '{name}' to {Table(age)} with an inline UNIQUE or PRIMARY KEY: its index is built under ACCESS EXCLUSIVE, which blocks " +
                "every read and write for as long as the build takes. Add the column plain, build the index with CREATE UNIQUE INDEX CONCURRENTLY in a " +
                "migration of its own (Transactional = false), then ADD CONSTRAINT ... UNIQUE USING INDEX.", action: reading, column: column);
        }

        if (reading.IsNotNull && reading.DefaultWords is null)
        {
            _check.Add(RuleIds.NotNullColumnWithoutDefault, _table, PostgresLockMode.AccessExclusive,
                $"adds column '{name}' to {Table(age)} as NOT NULL without a default: it fails if the table has rows, and the previous release's inserts, " +
                "which do not set it, fail after. Give it a constant DEFAULT (no rewrite since PostgreSQL 11), or add it nullable, backfill, and use the " +
                "SET NOT NULL recipe.", action: reading, column: column);
        }
    }

    /// <summary>The first volatile function a default calls; null for constants and stable ones such as <c>now()</c>.</summary>
    private static string? VolatileIn(IReadOnlyList<string>? words)
    {
        if (words is null)
        {
            return null;
        }

        foreach (var word in words)
        {
            if (VolatileFunctions.Contains(word))
            {
                return word;
            }
        }

        return null;
    }
}
