namespace MigrationChain.Cli.Databases;

/// <summary>The database engines the runner supports.</summary>
internal enum DatabaseKind
{
    Sqlite,
    Postgres,
}
