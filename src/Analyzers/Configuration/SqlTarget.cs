namespace MigrationChain.Analyzers.Configuration;

/// <summary>
/// The engines a project's migrations run on, from <c>migrationchain.sql_dialect</c>. The SQL is read with one
/// grammar (<see cref="SqlDialectSetting.GrammarOf"/>); what the rules suggest must run on every engine named here.
/// </summary>
internal enum SqlTarget
{
    /// <summary>PostgreSQL only (the default).</summary>
    Postgres = 0,

    /// <summary>SQLite only.</summary>
    Sqlite = 1,

    /// <summary>
    /// SQLite in development and PostgreSQL in production: the SQL is read as PostgreSQL (production decides what is
    /// hazardous, so the PostgreSQL-only rules apply), and fixes and advice use only forms both engines accept.
    /// </summary>
    Both = 2,
}
