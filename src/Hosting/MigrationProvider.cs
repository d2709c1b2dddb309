namespace MigrationChain.Hosting;

/// <summary>The kind of database a host migrates.</summary>
public enum MigrationProvider
{
    /// <summary>SQLite, through Microsoft.Data.Sqlite.</summary>
    Sqlite = 1,

    /// <summary>PostgreSQL, through Npgsql.</summary>
    Postgres = 2,
}
