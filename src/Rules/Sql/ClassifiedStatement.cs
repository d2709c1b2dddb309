using System;
using System.Collections.Generic;

namespace MigrationChain.Sql;

/// <summary>
/// One statement read as a schema change: what it does, to which names, and whether it already carries
/// <c>IF [NOT] EXISTS</c>. Offsets point into <see cref="SqlStatement.Source"/> so a fix can insert the missing words.
/// </summary>
internal sealed class ClassifiedStatement
{
    internal ClassifiedStatement(
        SqlStatement statement,
        SqlStatementKind kind,
        SqlName? table = null,
        SqlName? index = null,
        IReadOnlyList<SqlName>? dropped = null,
        bool hasExistenceClause = false,
        int existenceClauseOffset = -1,
        IReadOnlyList<AlterTableAction>? actions = null)
    {
        Statement = statement;
        Kind = kind;
        Table = table;
        Index = index;
        Dropped = dropped ?? Array.Empty<SqlName>();
        HasExistenceClause = hasExistenceClause;
        ExistenceClauseOffset = existenceClauseOffset;
        Actions = actions ?? Array.Empty<AlterTableAction>();
    }

    public SqlStatement Statement { get; }

    public SqlStatementKind Kind { get; }

    /// <summary>The table created or altered, or the table a <c>CREATE INDEX</c> is on.</summary>
    public SqlName? Table { get; }

    /// <summary>The index a <c>CREATE INDEX</c> names (PostgreSQL allows none).</summary>
    public SqlName? Index { get; }

    /// <summary>The tables or indexes a <c>DROP TABLE</c> / <c>DROP INDEX</c> names.</summary>
    public IReadOnlyList<SqlName> Dropped { get; }

    /// <summary>
    /// True when the statement says <c>IF EXISTS</c> (DROP, ALTER) or <c>IF NOT EXISTS</c> (CREATE) right after its
    /// object keyword.
    /// </summary>
    public bool HasExistenceClause { get; }

    /// <summary>
    /// Where <c> IF EXISTS</c> / <c> IF NOT EXISTS</c> belongs: just past the <c>TABLE</c> or <c>INDEX</c> keyword
    /// (and <c>CONCURRENTLY</c>). -1 when the statement kind has no such clause.
    /// </summary>
    public int ExistenceClauseOffset { get; }

    /// <summary>The actions of an <c>ALTER TABLE</c>, in order.</summary>
    public IReadOnlyList<AlterTableAction> Actions { get; }

    /// <summary>What <see cref="SqlLockReading.Read(ClassifiedStatement)"/> read, once it has.</summary>
    internal StatementLock[]? LocksRead;

    public override string ToString() => $"{Kind} {Table?.Text ?? Index?.Text}";
}

/// <summary>One comma-separated action of an <c>ALTER TABLE</c>.</summary>
internal sealed class AlterTableAction
{
    internal AlterTableAction(
        AlterTableActionKind kind,
        SqlName? column = null,
        SqlName? newName = null,
        bool hasExistenceClause = false,
        int existenceClauseOffset = -1)
    {
        Kind = kind;
        Column = column;
        NewName = newName;
        HasExistenceClause = hasExistenceClause;
        ExistenceClauseOffset = existenceClauseOffset;
    }

    public AlterTableActionKind Kind { get; }

    /// <summary>The column added, dropped, altered or renamed.</summary>
    public SqlName? Column { get; }

    /// <summary>The new name of a renamed table or column.</summary>
    public SqlName? NewName { get; }

    /// <summary><c>ADD COLUMN IF NOT EXISTS</c> or <c>DROP COLUMN IF EXISTS</c>.</summary>
    public bool HasExistenceClause { get; }

    /// <summary>Where the existence clause belongs: past <c>COLUMN</c>, or past <c>ADD</c>/<c>DROP</c> without it.</summary>
    public int ExistenceClauseOffset { get; }

    /// <summary>Index of the action's first token in <see cref="SqlStatement.Tokens"/>.</summary>
    public int FirstToken { get; private set; }

    /// <summary>Index just past the action's last token (its separating comma excluded).</summary>
    public int EndToken { get; private set; }

    /// <summary>What <see cref="AlterActionReading.Of"/> read of this action, once it has.</summary>
    internal AlterActionReading? ReadingMade;

    internal void SetTokens(int first, int end)
    {
        FirstToken = first;
        EndToken = end;
    }
}
