using System;
using System.Reflection;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Databases;

/// <summary>Makes the runtime's runner for a database address.</summary>
internal static class Runners
{
    public static MigrationRunner Create(DatabaseAddress address, Assembly migrations, MigrationRunnerOptions options) =>
        address.Kind switch
        {
            DatabaseKind.Sqlite => MigrationRunner.ForSqlite(address.ConnectionString, options, migrations),
            _ => throw new CliException(ExitCodes.Usage,
                $"{address.Display}: this build of the runtime has no PostgreSQL runner.",
                "Use a SQLite database, or a MigrationChain.Cli built with PostgreSQL support."),
        };
}
