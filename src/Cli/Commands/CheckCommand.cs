using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Fleet;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary>
/// <c>mchain check</c>: the chain rules, then (given databases) whether each is at head. The exit code is the
/// answer: 0 all good, 3 the chain is invalid, 4 a database is behind, 5 a database's state does not fit the code,
/// 7 a database of a fleet could not be read.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var command = new Command("check", "Check the chain rules and, given databases, that each is at head (exit codes for CI: see docs/cli.md)");
        options.AddMigrationSource(command);
        options.AddDatabase(command);
        options.AddFleet(command);
        examples.Add(command,
            "mchain check --project src/Shop.Migrations",
            "mchain check --project src/Shop.Migrations --database \"$PRODUCTION_DATABASE_URL\" || echo \"pending migrations\"",
            "mchain check --databases tenants.txt --assembly Shop.Migrations.dll --json");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var migrations = await context.MigrationsAsync(cancellationToken, ChainReading.EvenIfBroken).ConfigureAwait(false);
            var chain = migrations.Chain;
            var console = context.Console;
            var chainJson = new
            {
                revisions = chain.Count,
                heads = chain.Heads,
                valid = chain.IsValid,
                errors = chain.Errors.Select(Json).ToList(),
                warnings = chain.Warnings.Select(Json).ToList(),
            };

            if (!console.IsJson)
            {
                var summary = $"chain: {chain.Count} revision(s), head{(chain.Heads.Count == 1 ? string.Empty : "s")} {string.Join(", ", chain.Heads)}";
                console.Line(chain.IsValid
                    ? $"{summary}: {console.Paint("ok", Tone.Good)}"
                    : $"{summary}: {console.Paint($"{chain.Errors.Count} error(s)", Tone.Bad)}");
                foreach (var diagnostic in chain.Errors.Concat(chain.Warnings))
                {
                    console.Line("  " + diagnostic);
                }
            }

            if (!chain.IsValid)
            {
                var advice = ErrorAdvice.MergeAdvice(chain.Errors, context).ToList();
                if (console.IsJson)
                {
                    console.Json(new { chain = chainJson, exitCode = ExitCodes.ChainInvalid, whatToDo = advice });
                }
                else
                {
                    console.Error("what to do:");
                    foreach (var step in advice.Append("Fix the migrations named above; each line says how."))
                    {
                        console.Error("  " + step);
                    }
                }

                return ExitCodes.ChainInvalid;
            }

            IReadOnlyList<FleetEntry> entries = new List<FleetEntry>();
            if (context.IsFleet || context.OptionalDatabase() is not null)
            {
                var fleet = new FleetRunner(context, migrations.Assemblies);
                entries = context.IsFleet
                    ? await fleet.PlanFleetAsync("heads", cancellationToken).ConfigureAwait(false)
                    : await fleet.PlanAsync(new[] { context.Database() }, "heads", cancellationToken).ConfigureAwait(false);
            }

            var exitCode = ExitCode(entries, context.IsFleet);
            if (console.IsJson)
            {
                console.Json(new { chain = chainJson, databases = entries.Select(FleetReport.Json).ToList(), exitCode });
                return exitCode;
            }

            if (context.IsFleet)
            {
                FleetReport.WritePlan(console, entries, "STATUS");
            }
            else
            {
                foreach (var entry in entries)
                {
                    console.Line(entry.Problem is not null
                        ? $"{entry.Address.Display}: {console.Paint("cannot be checked", Tone.Bad)}"
                        : entry.Plan.Count == 0
                            ? $"{entry.Address.Display}: {console.Paint("at head", Tone.Good)} ({FleetReport.Revisions(entry.Before, entry.Missing)})"
                            : $"{entry.Address.Display}: {console.Paint($"{entry.Plan.Count} pending", Tone.Warn)}: {string.Join(", ", entry.Plan)}");
                }
            }

            foreach (var entry in entries)
            {
                foreach (var finding in entry.Drift)
                {
                    console.Line($"{entry.Address.Display}: {console.Paint(finding.Kind == DriftKind.Edited ? "applied, then edited" : "wrong recorded parents", Tone.Bad)}: {DriftReport.Line(context, finding, entry.Address)}");
                }
            }

            foreach (var entry in entries.Where(e => e.Problem is not null))
            {
                console.Error($"{console.Paint("error: ", Tone.Bad)}{entry.Problem!.Described}");
                foreach (var step in entry.Problem.WhatToDo)
                {
                    console.Error("  " + step);
                }
            }

            return exitCode;
        });
        return command;
    }

    private static int ExitCode(IReadOnlyList<FleetEntry> entries, bool fleet)
    {
        if (entries.FirstOrDefault(e => e.Problem is not null) is { } broken)
        {
            return fleet ? ExitCodes.FleetFailed : broken.Problem!.ExitCode;
        }

        // Rows that disagree with the code are the database's state not fitting it, as an unknown revision is.
        if (entries.Any(e => e.Drift.Count > 0))
        {
            return ExitCodes.DatabaseState;
        }

        return entries.Any(e => e.Plan.Count > 0) ? ExitCodes.Pending : ExitCodes.Success;
    }

    private static object Json(ChainDiagnostic diagnostic) => new
    {
        id = diagnostic.Id,
        severity = diagnostic.Severity == ChainSeverity.Error ? "error" : "warning",
        revision = diagnostic.Revision,
        message = diagnostic.Message,
        file = diagnostic.Location?.FilePath,
        line = diagnostic.Location?.Line,
        column = diagnostic.Location?.Column,
        suggested = diagnostic.SuggestedRevisions,
    };
}
