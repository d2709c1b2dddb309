namespace MigrationChain.Analyzers.Facts;

/// <summary>Which builder question a guard asks.</summary>
internal enum GuardKind
{
    TableExists,
    ColumnExists,
}

/// <summary>
/// What an enclosing <c>if</c> (or an earlier early <c>return</c>) guarantees where a <c>Sql</c> call runs, e.g.
/// <c>if (m.TableExists("t"))</c> guarantees table t exists; <c>if (!m.ColumnExists("t", "c"))</c> that column c
/// does not.
/// </summary>
internal sealed class Guard
{
    public Guard(GuardKind kind, bool holds, StringFact table, StringFact column)
    {
        Kind = kind;
        Holds = holds;
        Table = table;
        Column = column;
    }

    public GuardKind Kind { get; }

    /// <summary>True when the question is known to answer yes there; false when known to answer no.</summary>
    public bool Holds { get; }

    public StringFact Table { get; }

    /// <summary>The column, for <see cref="GuardKind.ColumnExists"/>.</summary>
    public StringFact Column { get; }
}
