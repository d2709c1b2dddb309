using System;
using System.Collections.Generic;
using MigrationChain.Schema;

namespace MigrationChain.Sql;

/// <summary>
/// The PostgreSQL online-safety rules (MC5001-MC5016): which statements of a migration lock or rewrite a table that
/// production already has, judged along the chain (a table created earlier in the migration, or by an ancestor not
/// released yet, is new; one created only on an unshipped parallel branch is unknown and left alone, MC5016). Lock
/// modes come from <see cref="SqlLockReading"/>, the same reading the runtime's preflight uses.
/// </summary>
internal static class OnlineSafetyRules
{
    /// <summary>The ids <c>[AcknowledgeLock]</c> silences.</summary>
    public static readonly HashSet<string> AcknowledgedByLockAttribute = new HashSet<string>(StringComparer.Ordinal)
    {
        RuleIds.BlockingIndexChange, RuleIds.TableRewriteCommand, RuleIds.ConstraintWithoutNotValid, RuleIds.UniqueWithoutIndex,
        RuleIds.SetNotNullScan, RuleIds.NotNullColumnWithoutDefault, RuleIds.RewritingAddColumn, RuleIds.RewritingTypeChange,
        RuleIds.NoLockTimeout, RuleIds.BackfillUnderDdlLock,
    };

    /// <summary>
    /// The findings for a migration's <c>Upgrade</c> statements, in order. <paramref name="downgrade"/> is checked only
    /// for what does not depend on the schema (CONCURRENTLY in a transaction, several statements without one).
    /// </summary>
    public static List<OnlineFinding> Check(IReadOnlyList<OnlineStatement> upgrade, IReadOnlyList<OnlineStatement> downgrade, OnlineMigrationFacts migration)
    {
        var findings = new List<OnlineFinding>();
        CheckTransaction(upgrade, migration, findings);
        CheckTransaction(downgrade, migration, findings);

        var tables = new OnlineTables(migration.AgeBefore);
        var state = new MigrationState(migration);
        for (var u = 0; u < upgrade.Count; u++)
        {
            var source = upgrade[u];
            if (source.Statement is not { } statement)
            {
                // Unreadable SQL may set a lock timeout: MC5014 stays quiet from here on rather than guess.
                state.LockTimeoutKnown = true;
                continue;
            }

            new OnlineStatementCheck(source, statement, tables, state, findings).Run();
            tables.Apply(statement);
            state.After(statement);
        }

        return Suppress(findings, migration);
    }

    /// <summary>MC5003 and MC5004: what the migration's transaction (or lack of one) makes of its statements.</summary>
    private static void CheckTransaction(IReadOnlyList<OnlineStatement> statements, OnlineMigrationFacts migration, List<OnlineFinding> findings)
    {
        if (migration.Transactional is not { } transactional)
        {
            return;
        }

        var counted = 0;
        for (var s = 0; s < statements.Count; s++)
        {
            var source = statements[s];
            var statement = source.Statement;
            if (transactional && statement is not null && IsConcurrent(statement))
            {
                findings.Add(new OnlineFinding(
                    RuleIds.ConcurrentlyInTransaction,
                    source,
                    $"runs '{Shorten(statement)}' in a transaction, which PostgreSQL refuses (\"cannot run inside a transaction block\"). " +
                    "Set Transactional = false on the migration, and keep this statement alone in it."));
            }

            if (transactional || statement?.Kind == SqlStatementKind.SetParameter)
            {
                continue;
            }

            if (++counted == 2)
            {
                findings.Add(new OnlineFinding(
                    RuleIds.SeveralStatementsWithoutTransaction,
                    source,
                    "has Transactional = false and more than one statement: if this one fails, the ones before it stay applied and " +
                    "the migration is half done. Give each non-transactional statement a migration of its own (a SET lock_timeout may stay)."));
            }
        }
    }

    /// <summary>True for the statements that only work outside a transaction because they say CONCURRENTLY.</summary>
    internal static bool IsConcurrent(ClassifiedStatement statement)
    {
        if (statement.Kind is not (SqlStatementKind.CreateIndex or SqlStatementKind.DropIndex or SqlStatementKind.Reindex or SqlStatementKind.AlterTable))
        {
            return false;
        }

        foreach (var token in statement.Statement.Tokens)
        {
            if (token.IsKeyword(statement.Statement.Source, "CONCURRENTLY"))
            {
                return true;
            }
        }

        return false;
    }

    private static List<OnlineFinding> Suppress(List<OnlineFinding> findings, OnlineMigrationFacts migration)
    {
        var kept = new List<OnlineFinding>(findings.Count);
        foreach (var finding in findings)
        {
            var byLock = AcknowledgedByLockAttribute.Contains(finding.Id);
            var byContract = finding.Id is RuleIds.RenameInUse or RuleIds.DropInUse;
            if ((byLock && migration.AcknowledgesLocks) || (byContract && migration.IsContractStep))
            {
                continue;
            }

            if ((byLock && migration.AcknowledgementWithoutReason) || (byContract && migration.ContractStepWithoutReason))
            {
                kept.Add(new OnlineFinding(finding.Id, finding.Source, finding.Message + " (The attribute on the migration has an empty reason, so it acknowledges nothing: say why.)")
                {
                    Table = finding.Table,
                    Column = finding.Column,
                    Constraint = finding.Constraint,
                    Mode = finding.Mode,
                    InsertOffset = finding.InsertOffset,
                    Insert = finding.Insert,
                    ActionStart = finding.ActionStart,
                    ActionEnd = finding.ActionEnd,
                });
                continue;
            }

            kept.Add(finding);
        }

        return kept;
    }

    /// <summary>The statement's first words, for messages.</summary>
    internal static string Shorten(ClassifiedStatement statement)
    {
        var text = statement.Statement.Text.Replace('\n', ' ').Replace('\r', ' ');
        return text.Length <= 60 ? text : text.Remove(57) + "...";
    }

    /// <summary>What the migration has said so far that changes later findings.</summary>
    internal sealed class MigrationState
    {
        // Made by the first entry (most migrations add no check or foreign key): an empty state builds no key.
        private Dictionary<string, AlterActionReading>? _notValidAdds;
        private HashSet<string>? _validatedNotNull;
        private HashSet<string>? _parallelReported;

        public MigrationState(OnlineMigrationFacts migration)
        {
            Migration = migration;
            // A transactional migration runs under the runner's StatementLockTimeout (2 s by default) unless the
            // migration says LockTimeoutSeconds = 0; a non-transactional one gets only its own. An unknown flag is
            // never guessed at.
            LockTimeoutKnown = migration.HasLockTimeout || (migration.Transactional != false && !migration.DisablesLockTimeout);
        }

        public OnlineMigrationFacts Migration { get; }

        /// <summary>A lock timeout is in force (or may be: unreadable SQL ran), so MC5014 is quiet.</summary>
        public bool LockTimeoutKnown { get; set; }

        /// <summary>The tables MC5016 already spoke of: once per table and migration is enough.</summary>
        public HashSet<string> ParallelReported => _parallelReported ??= new HashSet<string>(StringComparer.Ordinal);

        /// <summary>MC5014 is reported once per migration, on the first blocking statement.</summary>
        public bool LockTimeoutReported { get; set; }

        public bool WasAddedNotValid(SqlName table, SqlName constraint) => _notValidAdds is not null && _notValidAdds.ContainsKey(table.Key + "\u001f" + constraint.Key);

        public bool IsNotNullValidated(SqlName table, SqlName column) =>
            (_validatedNotNull is not null && _validatedNotNull.Contains(table.Key + "\u001f" + column.Key))
            || (Migration.AncestorValidatedNotNull?.Invoke(table.Key, column.Key) ?? false);

        public void After(ClassifiedStatement statement)
        {
            if (statement.Kind == SqlStatementKind.SetParameter && LockTimeoutSetting(statement) is { } setsOne)
            {
                LockTimeoutKnown = setsOne;
            }

            if (statement.Kind != SqlStatementKind.AlterTable || statement.Table is not { } table)
            {
                return;
            }

            for (var a = 0; a < statement.Actions.Count; a++)
            {
                var action = statement.Actions[a];
                var reading = AlterActionReading.Of(statement, action);
                if (reading.Kind == OnlineActionKind.AddCheck && reading.Constraint is { } added)
                {
                    if (reading.IsNotValid)
                    {
                        NotValidAdds()[table.Key + "\u001f" + added.Key] = reading;
                    }
                }

                if (reading.Kind == OnlineActionKind.AddCheck && !reading.IsNotValid && reading.NotNullCheckColumn is { } checkedColumn)
                {
                    ValidatedNotNull().Add(table.Key + "\u001f" + checkedColumn.Key);
                }

                if (reading.Kind == OnlineActionKind.ValidateConstraint && reading.Constraint is { } validated)
                {
                    if (_notValidAdds is not null && _notValidAdds.TryGetValue(table.Key + "\u001f" + validated.Key, out var add) && add.NotNullCheckColumn is { } column)
                    {
                        ValidatedNotNull().Add(table.Key + "\u001f" + column.Key);
                    }
                    else if (Migration.AncestorNotValidNotNullCheck?.Invoke(table.Key, validated.Key) is { } ancestorColumn)
                    {
                        ValidatedNotNull().Add(table.Key + "\u001f" + ancestorColumn);
                    }
                }

                if (reading.Kind == OnlineActionKind.AddForeignKey && reading.IsNotValid && reading.Constraint is { } foreignKey)
                {
                    NotValidAdds()[table.Key + "\u001f" + foreignKey.Key] = reading;
                }
            }
        }

        private Dictionary<string, AlterActionReading> NotValidAdds() => _notValidAdds ??= new Dictionary<string, AlterActionReading>(StringComparer.Ordinal);

        private HashSet<string> ValidatedNotNull() => _validatedNotNull ??= new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// For <c>SET [LOCAL | SESSION] lock_timeout [=|TO] value</c>: true with a value other than 0, false for 0 or
        /// DEFAULT (no limit from here on); null for any other setting.
        /// </summary>
        private static bool? LockTimeoutSetting(ClassifiedStatement statement)
        {
            var tokens = statement.Statement.Tokens;
            var sql = statement.Statement.Source;
            var index = 1;
            if (index < tokens.Count && (tokens[index].IsKeyword(sql, "LOCAL") || tokens[index].IsKeyword(sql, "SESSION")))
            {
                index++;
            }

            if (index >= tokens.Count || !tokens[index].IsKeyword(sql, "lock_timeout"))
            {
                return null;
            }

            var value = index + 2 < tokens.Count ? tokens[index + 2].Text(sql).Trim('\'', ' ') : string.Empty;
            return value.Length > 0 && value != "0" && !value.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase);
        }
    }
}
