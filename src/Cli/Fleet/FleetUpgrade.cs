using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Loading;

namespace MigrationChain.Cli.Fleet;

/// <summary><c>upgrade --databases</c>: the plan, then (unless a dry run) the runs, then the summary.</summary>
internal static class FleetUpgrade
{
    public static async Task<int> RunAsync(CommandContext context, MigrationAssembly migrations, string target, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var fleet = new FleetRunner(context, migrations.Assemblies);
        var entries = await fleet.PlanAsync(context.FleetDatabases(), target, cancellationToken).ConfigureAwait(false);
        var dryRun = context.Value(context.Options.DryRun);
        if (!console.IsJson)
        {
            FleetReport.WritePlan(console, entries, "PLAN");
        }

        if (!dryRun && entries.Any(e => e.NeedsWork))
        {
            console.Line();
            await fleet.UpgradeAsync(entries, target, backup: !context.Value(context.Options.NoBackup), context.Value(context.Options.KeepBackups), cancellationToken).ConfigureAwait(false);
        }

        var exitCode = entries.Any(e => e.Failed) ? ExitCodes.FleetFailed : ExitCodes.Success;
        if (console.IsJson)
        {
            console.Json(new
            {
                target,
                dryRun,
                databases = entries.Select(FleetReport.Json).ToList(),
                succeeded = entries.Count(e => !e.Failed),
                failed = entries.Count(e => e.Failed),
                exitCode,
            });
        }
        else if (dryRun)
        {
            console.Line("Dry run: nothing was changed.");
        }
        else
        {
            FleetReport.WriteSummary(console, entries);
        }

        return exitCode;
    }
}
