using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace MigrationChain.Cli.Databases;

/// <summary>Makes the runtime's runner for a database address.</summary>
internal static class Runners
{
    public static MigrationRunner Create(DatabaseAddress address, IReadOnlyList<Assembly> migrations, MigrationRunnerOptions options) =>
        address.Kind == DatabaseKind.Sqlite
            ? MigrationRunner.ForSqlite(address.ConnectionString, options, migrations.ToArray())
            : MigrationRunner.ForPostgres(address.ConnectionString, options, migrations.ToArray());
}
