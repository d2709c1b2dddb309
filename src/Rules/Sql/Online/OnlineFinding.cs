using System;
using MigrationChain.Schema;

namespace MigrationChain.Sql;

/// <summary>One statement of a migration for the online-safety rules, or SQL that cannot be read (it may do anything).</summary>
internal readonly struct OnlineStatement
{
    public OnlineStatement(ClassifiedStatement? statement, int tag)
    {
        Statement = statement;
        Tag = tag;
    }

    /// <summary>The statement; null for a call whose SQL is not a compile-time constant.</summary>
    public ClassifiedStatement? Statement { get; }

    /// <summary>The caller's: comes back in findings so it can point at its source (the <c>Sql</c> call).</summary>
    public int Tag { get; }
}

/// <summary>What the online-safety rules need to know about the migration around the statements.</summary>
internal sealed class OnlineMigrationFacts
{
    public OnlineMigrationFacts(string revision) => Revision = revision;

    public string Revision { get; }

    /// <summary>The <c>Transactional</c> flag; null when it is not a compile-time constant (then MC5003/MC5004 stay quiet).</summary>
    public bool? Transactional { get; init; } = true;

    /// <summary><c>[Migration(LockTimeoutSeconds = n)]</c> with n &gt; 0.</summary>
    public bool HasLockTimeout { get; init; }

    /// <summary><c>[Migration(LockTimeoutSeconds = 0)]</c>: the migration asks for no lock timeout at all.</summary>
    public bool DisablesLockTimeout { get; init; }

    /// <summary><c>[AcknowledgeLock("reason")]</c> with a reason: silences the lock and rewrite hazards.</summary>
    public bool AcknowledgesLocks { get; init; }

    /// <summary><c>[AcknowledgeLock("")]</c>: present but without a reason, so it silences nothing and says so.</summary>
    public bool AcknowledgementWithoutReason { get; init; }

    /// <summary>The contract-step attribute with a reason: silences MC5012/MC5013.</summary>
    public bool IsContractStep { get; init; }

    /// <summary>The contract-step attribute without a reason: silences nothing and says so.</summary>
    public bool ContractStepWithoutReason { get; init; }

    /// <summary>
    /// What production holds of a table (a <see cref="SqlName.Key"/>) when the migration starts, from the chain and the
    /// release boundary; null when there is no chain to ask (every table not created in the migration then exists).
    /// </summary>
    public Func<string, TableAge>? AgeBefore { get; init; }

    /// <summary>
    /// True when an ancestor validated a <c>CHECK (column IS NOT NULL)</c> on the table (table key, column key), so
    /// <c>SET NOT NULL</c> skips its scan; null when unknown (treated as not validated).
    /// </summary>
    public Func<string, string, bool>? AncestorValidatedNotNull { get; init; }

    /// <summary>(table key, constraint key) to the column of an ancestor's <c>CHECK (col IS NOT NULL) NOT VALID</c> of that name, or null.</summary>
    public Func<string, string, string?>? AncestorNotValidNotNullCheck { get; init; }

    /// <summary>
    /// True when an ancestor not yet released added the column (table key, column key): the previous release's code
    /// cannot use it, so renaming or dropping it is no expand/contract hazard. Null when unknown (treated as used).
    /// </summary>
    public Func<string, string, bool>? ColumnAddedSinceRelease { get; init; }

    /// <summary>The column's type as an ancestor last declared it (table key, column key), or null when unknown.</summary>
    public Func<string, string, string?>? ColumnTypeBefore { get; init; }
}

/// <summary>One hazard the online-safety rules found, with what a message and a fix need.</summary>
internal sealed class OnlineFinding
{
    public OnlineFinding(string id, OnlineStatement source, string message)
    {
        Id = id;
        Source = source;
        Message = message;
    }

    /// <summary>The <see cref="RuleIds"/> id.</summary>
    public string Id { get; }

    public OnlineStatement Source { get; }

    public ClassifiedStatement? Statement => Source.Statement;

    /// <summary>The finding, completing "'revision' ...": table, lock, what it blocks, how it scales, the recipe.</summary>
    public string Message { get; }

    public SqlName? Table { get; init; }

    public SqlName? Column { get; init; }

    /// <summary>The constraint added or validated, when named.</summary>
    public SqlName? Constraint { get; init; }

    public PostgresLockMode Mode { get; init; }

    /// <summary>Where in the SQL text the missing word goes (-1 when the fix is not an insertion).</summary>
    public int InsertOffset { get; init; } = -1;

    /// <summary>The text to insert at <see cref="InsertOffset"/> (<c> CONCURRENTLY</c>, <c> NOT VALID</c>).</summary>
    public string? Insert { get; init; }

    /// <summary>The ALTER TABLE action's span in the SQL text, or -1.</summary>
    public int ActionStart { get; init; } = -1;

    public int ActionEnd { get; init; } = -1;

    public override string ToString() => $"{Id} {Statement?.Statement.Text}";
}
