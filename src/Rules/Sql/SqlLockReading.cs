using System;
using System.Collections.Generic;
using System.Threading;

namespace MigrationChain.Sql;

/// <summary>PostgreSQL's table-level lock modes, weakest first, as its documentation's lock table lists them.</summary>
internal enum PostgresLockMode
{
    /// <summary>The statement takes no lock on an existing relation (it creates a new one).</summary>
    None,
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

/// <summary>What a statement does to an existing relation's data: nothing, reads all of it, or rewrites it.</summary>
internal enum TableWork
{
    None,
    Scan,
    Rewrite,
}

/// <summary>The lock one statement takes on one relation and the work it does to it.</summary>
internal sealed class StatementLock
{
    internal StatementLock(ClassifiedStatement statement, SqlName? relation, PostgresLockMode mode, TableWork work)
    {
        Statement = statement;
        Relation = relation;
        Mode = mode;
        Work = work;
    }

    public ClassifiedStatement Statement { get; }

    /// <summary>The table (or, for <c>DROP INDEX</c>, the index) locked; null when the statement names none we read.</summary>
    public SqlName? Relation { get; }

    public PostgresLockMode Mode { get; }

    public TableWork Work { get; }

    /// <summary>
    /// True when the lock blocks the application's writes (or reads): anything stronger than SHARE UPDATE EXCLUSIVE,
    /// the mode of <c>CREATE INDEX CONCURRENTLY</c> and <c>VACUUM</c>, which lets reads and writes through.
    /// </summary>
    public bool BlocksWrites => Mode > PostgresLockMode.ShareUpdateExclusive;

    /// <summary>PostgreSQL's own spelling of the mode, as pg_locks shows it.</summary>
    public string ModeName => SqlLockReading.Name(Mode);
}

/// <summary>
/// Reads a classified statement as the locks PostgreSQL takes for it, from the lock table in PostgreSQL's
/// documentation ("Explicit Locking") and its <c>ALTER TABLE</c> page. It works on what the shared classifier
/// already read; a statement it does not recognise gets no entry rather than a guess.
/// </summary>
internal static class SqlLockReading
{
    /// <summary>Every lock the statements of <paramref name="sql"/> take, in statement order.</summary>
    public static List<StatementLock> Read(string sql)
    {
        var locks = new List<StatementLock>();
        foreach (var statement in SqlStatementClassifier.ClassifyAll(sql, SqlDialect.Postgres))
        {
            locks.AddRange(Read(statement));
        }

        return locks;
    }

    /// <summary>
    /// The locks one statement takes. Read once per statement and kept with it (the online rules ask several times
    /// per statement; the analyzers share a statement between rules): the array is shared, so callers only read it.
    /// </summary>
    public static StatementLock[] Read(ClassifiedStatement statement)
    {
        if (Volatile.Read(ref statement.LocksRead) is { } known)
        {
            return known;
        }

        var locks = new List<StatementLock>(1);
        foreach (var held in ReadEach(statement))
        {
            locks.Add(held);
        }

        // Two threads may read the same statement at once: both arrays hold equal locks, either may stay.
        var read = locks.ToArray();
        Volatile.Write(ref statement.LocksRead, read);
        return read;
    }

    private static IEnumerable<StatementLock> ReadEach(ClassifiedStatement statement)
    {
        var concurrently = statement.Statement.StartsWith("CREATE", "INDEX", "CONCURRENTLY") ||
                           statement.Statement.StartsWith("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY") ||
                           statement.Statement.StartsWith("DROP", "INDEX", "CONCURRENTLY");
        switch (statement.Kind)
        {
            case SqlStatementKind.CreateTable:
                yield return new StatementLock(statement, statement.Table, PostgresLockMode.None, TableWork.None);
                break;
            case SqlStatementKind.DropTable:
                foreach (var table in statement.Dropped)
                {
                    yield return new StatementLock(statement, table, PostgresLockMode.AccessExclusive, TableWork.None);
                }

                break;
            case SqlStatementKind.DropIndex:
                foreach (var index in statement.Dropped)
                {
                    yield return new StatementLock(statement, index, concurrently ? PostgresLockMode.ShareUpdateExclusive : PostgresLockMode.AccessExclusive, TableWork.None);
                }

                break;
            case SqlStatementKind.CreateIndex:
                yield return new StatementLock(statement, statement.Table, concurrently ? PostgresLockMode.ShareUpdateExclusive : PostgresLockMode.Share, TableWork.Scan);
                break;
            case SqlStatementKind.AlterTable:
                yield return ReadAlterTable(statement);
                break;
            case SqlStatementKind.Reindex when statement.Table is not null || statement.Index is not null:
                // REINDEX TABLE takes SHARE on the table (and ACCESS EXCLUSIVE on each index); REINDEX INDEX takes
                // ACCESS EXCLUSIVE on the index, which every query that would use it waits for.
                yield return new StatementLock(
                    statement,
                    statement.Table ?? statement.Index,
                    Contains(WordsOf(statement.Statement), "CONCURRENTLY") ? PostgresLockMode.ShareUpdateExclusive
                        : statement.Table is not null ? PostgresLockMode.Share : PostgresLockMode.AccessExclusive,
                    TableWork.Scan);
                break;
            case SqlStatementKind.Vacuum when statement.Table is not null:
                var full = Contains(WordsOf(statement.Statement), "FULL");
                yield return new StatementLock(statement, statement.Table, full ? PostgresLockMode.AccessExclusive : PostgresLockMode.ShareUpdateExclusive, full ? TableWork.Rewrite : TableWork.Scan);
                break;
            case SqlStatementKind.Cluster when statement.Table is not null:
                yield return new StatementLock(statement, statement.Table, PostgresLockMode.AccessExclusive, TableWork.Rewrite);
                break;
            case SqlStatementKind.Update or SqlStatementKind.Delete when statement.Table is not null:
                yield return new StatementLock(statement, statement.Table, PostgresLockMode.RowExclusive, TableWork.Scan);
                break;
        }
    }

    /// <summary>True when a session holding <paramref name="held"/> makes one asking for <paramref name="requested"/> wait.</summary>
    public static bool Conflicts(PostgresLockMode requested, PostgresLockMode held)
    {
        if (requested == PostgresLockMode.None || held == PostgresLockMode.None)
        {
            return false;
        }

        var (low, high) = requested <= held ? (requested, held) : (held, requested);
        return low switch
        {
            PostgresLockMode.AccessShare => high == PostgresLockMode.AccessExclusive,
            PostgresLockMode.RowShare => high >= PostgresLockMode.Exclusive,
            PostgresLockMode.RowExclusive => high >= PostgresLockMode.Share,
            PostgresLockMode.ShareUpdateExclusive => high >= PostgresLockMode.ShareUpdateExclusive,
            PostgresLockMode.Share => high != PostgresLockMode.Share,
            _ => true,
        };
    }

    /// <summary>The mode pg_locks names (<c>RowExclusiveLock</c>), or null for one it does not list here.</summary>
    public static PostgresLockMode? Parse(string pgLocksMode)
    {
        for (var mode = PostgresLockMode.AccessShare; mode <= PostgresLockMode.AccessExclusive; mode++)
        {
            if (string.Equals(Name(mode), pgLocksMode, StringComparison.Ordinal))
            {
                return mode;
            }
        }

        return null;
    }

    public static string Name(PostgresLockMode mode) => mode switch
    {
        PostgresLockMode.None => "none",
        PostgresLockMode.AccessShare => "AccessShareLock",
        PostgresLockMode.RowShare => "RowShareLock",
        PostgresLockMode.RowExclusive => "RowExclusiveLock",
        PostgresLockMode.ShareUpdateExclusive => "ShareUpdateExclusiveLock",
        PostgresLockMode.Share => "ShareLock",
        PostgresLockMode.ShareRowExclusive => "ShareRowExclusiveLock",
        PostgresLockMode.Exclusive => "ExclusiveLock",
        _ => "AccessExclusiveLock",
    };

    /// <summary>The mode as PostgreSQL's lock table and <c>LOCK TABLE</c> spell it: <c>ACCESS EXCLUSIVE</c>.</summary>
    public static string SqlName(PostgresLockMode mode) => mode switch
    {
        PostgresLockMode.None => "no lock",
        PostgresLockMode.AccessShare => "ACCESS SHARE",
        PostgresLockMode.RowShare => "ROW SHARE",
        PostgresLockMode.RowExclusive => "ROW EXCLUSIVE",
        PostgresLockMode.ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
        PostgresLockMode.Share => "SHARE",
        PostgresLockMode.ShareRowExclusive => "SHARE ROW EXCLUSIVE",
        PostgresLockMode.Exclusive => "EXCLUSIVE",
        _ => "ACCESS EXCLUSIVE",
    };

    /// <summary>What the application can no longer do while the mode is held, from the conflict table above.</summary>
    public static string WhatItBlocks(PostgresLockMode mode) =>
        Conflicts(PostgresLockMode.AccessShare, mode) ? "every read and write"
        : Conflicts(PostgresLockMode.RowExclusive, mode) ? "every write (INSERT, UPDATE, DELETE)"
        : Conflicts(PostgresLockMode.ShareUpdateExclusive, mode) ? "other schema changes and VACUUM"
        : "nothing the application does";

    /// <summary>
    /// The strongest lock and heaviest work among an <c>ALTER TABLE</c>'s actions. Most actions take ACCESS EXCLUSIVE;
    /// a column's new type rewrites the table, <c>SET NOT NULL</c> and a constraint added without <c>NOT VALID</c>
    /// scan it; <c>VALIDATE CONSTRAINT</c> scans under SHARE UPDATE EXCLUSIVE alone.
    /// </summary>
    private static StatementLock ReadAlterTable(ClassifiedStatement statement)
    {
        var words = WordsOf(statement.Statement);
        var work = TableWork.None;
        var altersColumn = false;
        for (var a = 0; a < statement.Actions.Count; a++)
        {
            var action = statement.Actions[a];
            altersColumn |= action.Kind == AlterTableActionKind.AlterColumn;
        }

        if (altersColumn && Contains(words, "TYPE"))
        {
            work = TableWork.Rewrite;
        }
        else if (Contains(words, "SET", "NOT", "NULL") || (Contains(words, "ADD") && IsConstraint(words) && !Contains(words, "NOT", "VALID")) ||
                 Contains(words, "VALIDATE", "CONSTRAINT"))
        {
            work = TableWork.Scan;
        }

        // Alone in its statement, VALIDATE CONSTRAINT and DETACH PARTITION ... CONCURRENTLY take SHARE UPDATE
        // EXCLUSIVE, and ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE (on both tables); everything else here ACCESS EXCLUSIVE.
        var single = statement.Actions.Count == 1;
        var mode = single && (Contains(words, "VALIDATE", "CONSTRAINT") || (Contains(words, "DETACH", "PARTITION") && Contains(words, "CONCURRENTLY")))
            ? PostgresLockMode.ShareUpdateExclusive
            : single && Contains(words, "ADD") && Contains(words, "FOREIGN", "KEY")
                ? PostgresLockMode.ShareRowExclusive
                : PostgresLockMode.AccessExclusive;
        return new StatementLock(statement, statement.Table, mode, work);
    }

    private static bool IsConstraint(Words words) =>
        Contains(words, "CONSTRAINT") || Contains(words, "PRIMARY", "KEY") || Contains(words, "FOREIGN", "KEY") ||
        Contains(words, "UNIQUE") || Contains(words, "CHECK");

    private static Words WordsOf(SqlStatement statement) => new(statement);

    private static bool Contains(Words words, string first, string? second = null, string? third = null)
    {
        var length = third is not null ? 3 : second is not null ? 2 : 1;
        for (var i = 0; i + length <= words.Count; i++)
        {
            if (words.Is(i, first) && (second is null || words.Is(i + 1, second)) && (third is null || words.Is(i + 2, third)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A statement's word tokens, compared upper-cased (invariant) with upper-case keywords, character by character:
    /// the same answers as comparing each word's <c>ToUpperInvariant()</c> string, without making those strings.
    /// </summary>
    private readonly struct Words
    {
        private readonly SqlStatement _statement;
        private readonly int[] _tokens;

        public Words(SqlStatement statement)
        {
            _statement = statement;
            var count = 0;
            foreach (var token in statement.Tokens)
            {
                count += token.Kind == SqlTokenKind.Word ? 1 : 0;
            }

            _tokens = new int[count];
            count = 0;
            for (var i = 0; i < statement.Tokens.Count; i++)
            {
                if (statement.Tokens[i].Kind == SqlTokenKind.Word)
                {
                    _tokens[count++] = i;
                }
            }
        }

        public int Count => _tokens.Length;

        public bool Is(int word, string upperKeyword)
        {
            var token = _statement.Tokens[_tokens[word]];
            if (token.Length != upperKeyword.Length)
            {
                return false;
            }

            var source = _statement.Source;
            for (var k = 0; k < upperKeyword.Length; k++)
            {
                if (char.ToUpperInvariant(source[token.Start + k]) != upperKeyword[k])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
