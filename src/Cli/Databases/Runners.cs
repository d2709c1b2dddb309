using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Databases;

/// <summary>Makes the runtime's runner for a database address.</summary>
internal static class Runners
{
    public static MigrationRunner Create(DatabaseAddress address, IReadOnlyList<Assembly> migrations, MigrationRunnerOptions options)
    {
        if (address.Kind == DatabaseKind.Sqlite)
        {
            return MigrationRunner.ForSqlite(address.ConnectionString, options, migrations.ToArray());
        }

        if (address.Schema is { } schema)
        {
            if (options.VersionTableSchema is { } versionTableSchema && versionTableSchema != schema)
            {
                throw new CliException(ExitCodes.Usage,
                    $"{address.Display} is a tenant's schema, whose version table lives in it, but --version-table-schema says '{versionTableSchema}'.",
                    "Drop --version-table-schema (or versionTableSchema in mchain.json) when migrating schemas.");
            }

            options = options.Clone();
            options.Schema = schema;
        }

        return MigrationRunner.ForPostgres(address.ConnectionString, options, migrations.ToArray());
    }
}
