using System.Collections.Generic;
using MigrationChain.Schema;

namespace MigrationChain.Sql;

/// <summary>The online-safety rules applied to one statement of a migration's Upgrade.</summary>
internal sealed class OnlineStatementCheck
{
    private readonly OnlineStatement _source;
    private readonly ClassifiedStatement _statement;
    private readonly OnlineTables _tables;
    private readonly OnlineSafetyRules.MigrationState _state;
    private readonly List<OnlineFinding> _findings;

    public OnlineStatementCheck(OnlineStatement source, ClassifiedStatement statement, OnlineTables tables, OnlineSafetyRules.MigrationState state, List<OnlineFinding> findings)
    {
        _source = source;
        _statement = statement;
        _tables = tables;
        _state = state;
        _findings = findings;
    }

    public void Run()
    {
        switch (_statement.Kind)
        {
            case SqlStatementKind.CreateIndex when _statement.Table is { } table && !OnlineSafetyRules.IsConcurrent(_statement):
                IfExisting(table, age => Add(RuleIds.BlockingIndexChange, table, Lock(table),
                    $"builds an index on {Describe(table, age)} without CONCURRENTLY: {Costs(table)}. Write CREATE INDEX CONCURRENTLY " +
                    "in a migration of its own with Transactional = false.", insertAt: _statement.ExistenceClauseOffset, insert: " CONCURRENTLY"));
                break;
            case SqlStatementKind.DropIndex when !OnlineSafetyRules.IsConcurrent(_statement):
                foreach (var index in _statement.Dropped)
                {
                    if (!_tables.IsNewIndex(index))
                    {
                        Add(RuleIds.BlockingIndexChange, index, PostgresLockMode.AccessExclusive,
                            $"drops index '{index.Text}' without CONCURRENTLY: it takes ACCESS EXCLUSIVE on the index's table, which blocks every read and " +
                            "write until it has the lock and is done (it queues behind every running query on the table). Write DROP INDEX CONCURRENTLY " +
                            "in a migration of its own with Transactional = false.", insertAt: _statement.ExistenceClauseOffset, insert: " CONCURRENTLY");
                        break;
                    }
                }

                break;
            case SqlStatementKind.Reindex when !OnlineSafetyRules.IsConcurrent(_statement):
                CheckReindex();
                break;
            case SqlStatementKind.Vacuum or SqlStatementKind.Cluster:
                CheckRewriteCommand();
                break;
            case SqlStatementKind.AlterTable when _statement.Table is { } altered:
                new OnlineAlterCheck(this, altered).Run();
                break;
            case SqlStatementKind.DropTable:
                foreach (var dropped in _statement.Dropped)
                {
                    IfExisting(dropped, age => Add(RuleIds.DropInUse, dropped, PostgresLockMode.AccessExclusive,
                        $"drops {Describe(dropped, age)}, which the code of the previous release may still read or write while it runs beside the new one. " +
                        "Stop using it in a release first, then drop it in a contract step: mark this migration [ContractStep(\"why no released code uses it\")]."));
                }

                break;
            case SqlStatementKind.Update or SqlStatementKind.Delete when _statement.Table is { } target:
                CheckBackfill(target);
                break;
        }

        CheckLockTimeout();
    }

    internal ClassifiedStatement Statement => _statement;

    internal OnlineSafetyRules.MigrationState State => _state;

    internal OnlineTables Tables => _tables;

    /// <summary>Runs <paramref name="report"/> when production has the table; says so (MC5016) when that is unknown.</summary>
    internal void IfExisting(SqlName table, System.Action<TableAge> report)
    {
        var age = _tables.Age(table);
        if (age.Kind == TableAgeKind.Existing)
        {
            report(age);
        }
        else if (age.Kind == TableAgeKind.OnParallelBranch && _state.ParallelReported.Add(table.Key))
        {
            _findings.Add(new OnlineFinding(
                RuleIds.TableOnParallelBranch,
                _source,
                $"changes '{table.Text}', which only {Join(age.ParallelCreators)} create{(age.ParallelCreators.Count == 1 ? "s" : string.Empty)} on a parallel branch that " +
                "has not been released: whether production has it when this runs is unknown, so the online-safety rules say nothing about it. " +
                "Make the creator an ancestor (Parent or DependsOn) to have it judged.")
            { Table = table });
        }
    }

    internal void Add(string id, SqlName? table, PostgresLockMode mode, string message, int insertAt = -1, string? insert = null, AlterActionReading? action = null, SqlName? column = null)
    {
        _findings.Add(new OnlineFinding(id, _source, message)
        {
            Table = table,
            Column = column,
            Mode = mode,
            Constraint = action?.Constraint,
            InsertOffset = insert is null ? -1 : insertAt,
            Insert = insertAt >= 0 ? insert : null,
            ActionStart = action?.Start ?? -1,
            ActionEnd = action?.End ?? -1,
        });
    }

    /// <summary>The lock the shared reading says the statement takes on the table.</summary>
    internal PostgresLockMode Lock(SqlName? table)
    {
        var strongest = PostgresLockMode.None;
        foreach (var held in SqlLockReading.Read(_statement))
        {
            if ((table is null || held.Relation is null || held.Relation.Key == table.Key) && held.Mode > strongest)
            {
                strongest = held.Mode;
            }
        }

        return strongest;
    }

    /// <summary>"it takes SHARE on 'orders', which blocks every write for as long as reading the table takes".</summary>
    internal string Costs(SqlName table)
    {
        var mode = Lock(table);
        var work = TableWork.None;
        foreach (var held in SqlLockReading.Read(_statement))
        {
            work = held.Work > work ? held.Work : work;
        }

        var duration = work switch
        {
            TableWork.Rewrite => "for as long as copying the whole table and rebuilding its indexes takes, which grows with the table",
            TableWork.Scan => "for as long as reading the whole table takes, which grows with the table",
            _ => "until it gets the lock and finishes; it queues behind every running transaction on the table, and everything after it queues behind it",
        };
        return $"it takes {SqlLockReading.SqlName(mode)} on '{table.Text}', which blocks {SqlLockReading.WhatItBlocks(mode)} {duration}";
    }

    internal static string Describe(SqlName table, TableAge age) =>
        $"'{table.Text}', which production has ({(age.Creator is null ? "no migration of this chain creates it" : $"created by '{age.Creator}', released")})";

    private void CheckReindex()
    {
        var table = _statement.Table;
        if (table is not null)
        {
            IfExisting(table, age => Add(RuleIds.BlockingIndexChange, table, Lock(table),
                $"rebuilds the indexes of {Describe(table, age)} without CONCURRENTLY: {Costs(table)}; queries using the indexes wait too. " +
                "Write REINDEX TABLE CONCURRENTLY (PostgreSQL 12+) in a migration of its own with Transactional = false.", ReindexInsertAt(), " CONCURRENTLY"));
        }
        else if (_statement.Index is { } index && !_tables.IsNewIndex(index))
        {
            Add(RuleIds.BlockingIndexChange, index, PostgresLockMode.AccessExclusive,
                $"rebuilds index '{index.Text}' without CONCURRENTLY: it takes ACCESS EXCLUSIVE on the index (every query that would use it waits) and SHARE on " +
                "its table (every write waits) for as long as the build takes. Write REINDEX INDEX CONCURRENTLY (PostgreSQL 12+) in a migration of its own " +
                "with Transactional = false.", ReindexInsertAt(), " CONCURRENTLY");
        }
    }

    /// <summary>Just past REINDEX ... INDEX|TABLE: where CONCURRENTLY goes.</summary>
    private int ReindexInsertAt()
    {
        foreach (var token in _statement.Statement.Tokens)
        {
            if (token.IsKeyword(_statement.Statement.Source, "INDEX") || token.IsKeyword(_statement.Statement.Source, "TABLE"))
            {
                return token.End;
            }
        }

        return -1;
    }

    private void CheckRewriteCommand()
    {
        var isVacuum = _statement.Kind == SqlStatementKind.Vacuum;
        if (isVacuum && !HasWord("FULL"))
        {
            return;
        }

        var what = isVacuum ? "VACUUM FULL" : "CLUSTER";
        var recipe = isVacuum
            ? "Plain VACUUM (SHARE UPDATE EXCLUSIVE) reclaims space for reuse without blocking; to shrink the file online use an extension such as pg_repack outside the migration."
            : "To reorder a table online use an extension such as pg_repack outside the migration; CLUSTER's order is not kept by later writes anyway.";
        if (_statement.Table is not { } table)
        {
            Add(RuleIds.TableRewriteCommand, null, PostgresLockMode.AccessExclusive,
                $"runs {what} on every table of the database: each is rewritten under ACCESS EXCLUSIVE, which blocks every read and write of it for as long as copying it takes. {recipe}");
            return;
        }

        IfExisting(table, age => Add(RuleIds.TableRewriteCommand, table, PostgresLockMode.AccessExclusive,
            $"runs {what} on {Describe(table, age)}: {Costs(table)}. {recipe}"));
    }

    private void CheckBackfill(SqlName target)
    {
        if (_state.Migration.Transactional == false || HasWordAtTopLevel("WHERE") || !_tables.HadDdl(target))
        {
            return;
        }

        IfExisting(target, age => Add(RuleIds.BackfillUnderDdlLock, target, PostgresLockMode.AccessExclusive,
            $"{(_statement.Kind == SqlStatementKind.Update ? "updates" : "deletes")} every row of {Describe(target, age)} in the same transaction as DDL on it: " +
            "the DDL's lock, which blocks every read and write, is held until the whole backfill commits. Move the data change to a migration of its own " +
            "and do it in batches (see samples/DataMigration)."));
    }

    private void CheckLockTimeout()
    {
        if (_state.LockTimeoutKnown || _state.LockTimeoutReported)
        {
            return;
        }

        foreach (var held in SqlLockReading.Read(_statement))
        {
            if (!held.BlocksWrites || held.Relation is not { } relation)
            {
                continue;
            }

            var existing = _statement.Kind is SqlStatementKind.DropIndex or SqlStatementKind.Reindex && _statement.Table is null
                ? !_tables.IsNewIndex(relation)
                : _tables.Age(relation).Kind == TableAgeKind.Existing;
            if (!existing)
            {
                continue;
            }

            _state.LockTimeoutReported = true;
            Add(RuleIds.NoLockTimeout, relation, held.Mode,
                $"takes {SqlLockReading.SqlName(held.Mode)} on '{relation.Text}' with no lock timeout: if a long transaction holds the table, this statement waits, " +
                "and every query on the table queues behind it until it gets the lock. Set [Migration(..., LockTimeoutSeconds = 5)] or run SET lock_timeout = '5s' " +
                "first in the migration, so it gives up (and the runner retries) instead.");
            return;
        }
    }

    internal bool HasWord(string word)
    {
        foreach (var token in _statement.Statement.Tokens)
        {
            if (token.IsKeyword(_statement.Statement.Source, word))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasWordAtTopLevel(string word)
    {
        var depth = 0;
        foreach (var token in _statement.Statement.Tokens)
        {
            depth += token.Kind == SqlTokenKind.OpenParen ? 1 : token.Kind == SqlTokenKind.CloseParen ? -1 : 0;
            if (depth == 0 && token.IsKeyword(_statement.Statement.Source, word))
            {
                return true;
            }
        }

        return false;
    }

    private static string Join(IReadOnlyList<string> revisions)
    {
        var quoted = new List<string>();
        foreach (var revision in revisions)
        {
            quoted.Add($"'{revision}'");
        }

        return string.Join(", ", quoted);
    }
}
