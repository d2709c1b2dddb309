using System;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;

namespace MigrationChain.Cli.Commands;

/// <summary><c>upgrade --sql</c> and <c>downgrade --sql</c>.</summary>
internal static class OfflineScript
{
    /// <summary>
    /// <c>--sql</c>: the script the move would run, from the runtime's offline writer. <c>from:to</c> as in Alembic;
    /// an upgrade without <c>from</c> starts at base. The database only names the dialect and version table:
    /// nothing connects to it.
    /// </summary>
    public static int Write(CommandContext context, MigrationAssembly migrations, MigrationOperation operation, string target)
    {
        if (context.IsFleet)
        {
            throw new CliException(ExitCodes.Usage, "--sql writes one script; it does not take --databases.");
        }

        var colon = target.IndexOf(':', StringComparison.Ordinal);
        string from;
        string to;
        if (colon >= 0)
        {
            from = target[..colon];
            to = target[(colon + 1)..];
        }
        else if (operation == MigrationOperation.Upgrade)
        {
            from = "base";
            to = target;
        }
        else
        {
            throw new CliException(ExitCodes.Usage, "An offline downgrade needs to know where the database is: write the target as from:to.",
                context.Suggest($"downgrade head:{target} --sql"));
        }

        var database = context.Database();
        var runner = Runners.Create(database, migrations.Assemblies, context.RunnerOptions(null));
        var script = runner.Script(from, to);
        if (context.Console.IsJson)
        {
            context.Console.Json(new { database = database.Display, kind = database.Kind, from, to, script });
        }
        else
        {
            context.Console.Line(script.TrimEnd());
        }

        return ExitCodes.Success;
    }
}
