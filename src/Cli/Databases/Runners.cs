using System.Reflection;

namespace MigrationChain.Cli.Databases;

/// <summary>Makes the runtime's runner for a database address.</summary>
internal static class Runners
{
    public static MigrationRunner Create(DatabaseAddress address, Assembly migrations, MigrationRunnerOptions options) =>
        address.Kind == DatabaseKind.Sqlite
            ? MigrationRunner.ForSqlite(address.ConnectionString, options, migrations)
            : MigrationRunner.ForPostgres(address.ConnectionString, options, migrations);
}
