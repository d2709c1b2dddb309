using System.CommandLine;
using System.Linq;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Fleet;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary><c>mchain current</c>: the revisions a database (or each of a fleet) is at, and what it lacks.</summary>
internal static class CurrentCommand
{
    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var command = new Command("current", "Show the revision(s) a database is at, and whether it is at head");
        options.AddMigrationSource(command);
        options.AddDatabase(command);
        options.AddFleet(command);
        examples.Add(command,
            "mchain current --database sqlite:///app.db --project src/Shop.Migrations",
            "MIGRATIONCHAIN_DATABASE_URL=postgresql://app@db:5432/shop mchain current --assembly Shop.Migrations.dll",
            "mchain current --databases \"projects/*/memory.db\" --project src/Shop.Migrations");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var migrations = await context.MigrationsAsync(cancellationToken).ConfigureAwait(false);
            if (!migrations.Chain.IsValid)
            {
                throw ErrorAdvice.ChainRefusal(migrations.Chain, context);
            }

            var fleet = context.IsFleet;
            var runner = new FleetRunner(context, migrations.Assemblies);
            var entries = fleet
                ? await runner.PlanFleetAsync("heads", cancellationToken).ConfigureAwait(false)
                : await runner.PlanAsync(new[] { context.Database() }, "heads", cancellationToken).ConfigureAwait(false);
            var heads = migrations.Chain.Heads;

            if (context.Console.IsJson)
            {
                // A fleet's report feeds a dashboard: the counts say at a glance what the rows say one by one.
                context.Console.Json(fleet ? new { heads, summary = FleetReport.StatusCounts(entries) } : new { heads }, "databases", entries.Select(FleetReport.Json), new { });
            }
            else if (fleet)
            {
                FleetReport.WritePlan(context.Console, entries, "STATUS");
            }
            else
            {
                var entry = entries[0];
                var console = context.Console;

                // What could not be read is not printed as a state: stdout stays empty and the error says why.
                if (entry.Problem is null || entry.BeforeKnown)
                {
                    var revisions = entry.Missing || entry.Before.Count == 0
                        ? FleetReport.Revisions(entry.Before, entry.Missing)
                        : string.Join(", ", entry.Before.Select(r => heads.Contains(r) ? r + " (head)" : r));
                    console.Line($"{entry.Address.Display}: {revisions}");
                }

                if (entry.Problem is null)
                {
                    console.Line(entry.Plan.Count == 0
                        ? console.Paint("at head", Tone.Good)
                        : console.Paint($"{entry.Plan.Count} pending: {string.Join(", ", entry.Plan)}", Tone.Warn));
                }

                foreach (var finding in entry.Drift)
                {
                    console.Line($"{console.Paint(finding.Kind == DriftKind.Edited ? "applied, then edited" : "wrong recorded parents", Tone.Bad)}: {DriftReport.Line(context, finding, entry.Address)}");
                }
            }

            if (!fleet && entries[0].Problem is { } problem)
            {
                // In JSON the error is already part of the database's entry.
                return context.Console.IsJson
                    ? problem.ExitCode
                    : ErrorReport.Write(context, new CliException(problem.ExitCode, (problem.Unreadable ? "cannot be read: " : string.Empty) + problem.Message, problem.WhatToDo.ToArray()), entries[0].Address);
            }

            return entries.Any(e => e.Failed) ? ExitCodes.FleetFailed : ExitCodes.Success;
        });
        return command;
    }
}
