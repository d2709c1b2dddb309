namespace MigrationChain.Sql;

/// <summary>The SQL dialects MigrationChain reads and runs.</summary>
public enum SqlDialect
{
    /// <summary>PostgreSQL: nested block comments, <c>E'...'</c>, dollar quoting, <c>IF EXISTS</c> on most DDL.</summary>
    Postgres = 0,

    /// <summary>SQLite: <c>[x]</c> and <c>`x`</c> identifiers, no <c>ALTER TABLE IF EXISTS</c>, triggers with BEGIN...END.</summary>
    Sqlite = 1,
}
