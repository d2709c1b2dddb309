using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Loading;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// <c>upgrade --databases</c>: each database planned and migrated as the fleet streams in (canaries first), then the
/// summary; a dry run prints the plan of every database instead and changes nothing.
/// </summary>
internal static class FleetUpgrade
{
    public static async Task<int> RunAsync(CommandContext context, MigrationAssembly migrations, string target, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var policy = RolloutPolicy.From(context);
        _ = context.Parallelism; // a bad --parallel is refused before any database is read
        var fleet = new FleetRunner(context, migrations.Assemblies);
        var dryRun = context.Value(context.Options.DryRun);
        var all = FleetTargets.Of(context, cancellationToken);
        FleetLedger ledger;
        if (dryRun)
        {
            ledger = await fleet.PlanAsync(FleetTargets.InShard(all, policy.Shard, cancellationToken), target, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var (canaries, rest) = await FleetTargets.SplitAsync(all, policy, cancellationToken).ConfigureAwait(false);
            var backups = new FleetBackups(!context.Value(context.Options.NoBackup), context.Value(context.Options.KeepBackups));
            ledger = await fleet.UpgradeAsync(canaries, rest, target, policy, backups, cancellationToken).ConfigureAwait(false);
        }

        var entries = ledger.Entries;
        var exitCode = entries.Any(e => e.Failed) ? ExitCodes.FleetFailed : ExitCodes.Success;
        if (console.IsJson)
        {
            console.Json(
                new { target, dryRun, shard = policy.Shard?.ToString() },
                "databases",
                entries.Select(FleetReport.Json),
                new
                {
                    succeeded = entries.Count(e => !e.Failed && e.Outcome != FleetOutcome.NotAttempted),
                    failed = entries.Count(e => e.Failed),
                    notAttempted = entries.Count(e => e.Outcome == FleetOutcome.NotAttempted),
                    stopped = ledger.StopReason,
                    exitCode,
                });
        }
        else if (dryRun)
        {
            FleetReport.WritePlan(console, entries, "PLAN");
            console.Line("Dry run: nothing was changed.");
        }
        else
        {
            FleetReport.WriteSummary(console, entries, ledger.StopReason);
        }

        return exitCode;
    }
}
