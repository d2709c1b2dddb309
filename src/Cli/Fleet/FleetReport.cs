using System;
using System.Collections.Generic;
using System.Linq;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Fleet;

/// <summary>The fleet's tables: the plan printed before anything changes, and the summary that closes the run.</summary>
internal static class FleetReport
{
    public static void WritePlan(CliConsole console, IReadOnlyList<FleetEntry> entries, string heading)
    {
        var table = new TextTable("DATABASE", "CURRENT", heading);
        foreach (var entry in entries)
        {
            var status = entry.Problem is not null
                ? "error: " + entry.Problem.Summary
                : entry.Plan.Count == 0
                    ? "up to date"
                    : $"{entry.Plan.Count} to apply: {Shorten(entry.Plan)}";
            table.Add(entry.Address.Display, Revisions(entry.Before, entry.Missing), status);
        }

        foreach (var line in table.Lines())
        {
            console.Line(line);
        }

        var upToDate = entries.Count(e => e.Problem is null && e.Plan.Count == 0);
        var behind = entries.Count(e => e.NeedsWork);
        var broken = entries.Count(e => e.Failed);
        console.Line($"{entries.Count} database(s): {upToDate} up to date, {behind} need migrations, {broken} cannot be read.");
    }

    public static void WriteSummary(CliConsole console, IReadOnlyList<FleetEntry> entries)
    {
        var table = new TextTable("DATABASE", "RESULT", "FROM", "TO", "APPLIED", "TIME", "BACKUP");
        foreach (var entry in entries)
        {
            var result = entry.Outcome switch
            {
                FleetOutcome.Upgraded => console.Paint("upgraded", Tone.Good),
                FleetOutcome.UpToDate => "up to date",
                FleetOutcome.Failed => console.Paint("FAILED", Tone.Bad),
                _ => "not run",
            };
            table.Add(
                entry.Address.Display,
                result,
                Revisions(entry.Before, entry.Missing),
                Revisions(entry.After, entry.Missing && entry.Applied.Count == 0),
                entry.Applied.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                entry.Duration == TimeSpan.Zero ? string.Empty : Durations.Format(entry.Duration),
                entry.Backup ?? string.Empty);
        }

        console.Line();
        foreach (var line in table.Lines())
        {
            console.Line(line);
        }

        foreach (var failed in entries.Where(e => e.Problem is not null))
        {
            console.Error(failed.Problem!.Described);
            foreach (var step in failed.Problem.WhatToDo)
            {
                console.Error("  " + step);
            }
        }

        var upgraded = entries.Count(e => e.Outcome == FleetOutcome.Upgraded);
        var upToDate = entries.Count(e => e.Outcome == FleetOutcome.UpToDate);
        var failures = entries.Count(e => e.Outcome == FleetOutcome.Failed);
        var line2 = $"{upgraded} upgraded, {upToDate} already up to date, {failures} failed.";
        console.Line(failures == 0 ? console.Paint(line2, Tone.Good) : console.Paint(line2, Tone.Bad));
    }

    public static object Json(FleetEntry entry) => new
    {
        database = entry.Address.Display,
        kind = entry.Address.Kind.ToString().ToLowerInvariant(),
        exists = !entry.Missing,
        before = entry.Before,
        plan = entry.Plan,
        outcome = entry.Outcome,
        applied = entry.Applied.Select(s => new { revision = s.Revision, durationMs = Math.Round(s.Duration.TotalMilliseconds, 1) }).ToArray(),
        after = entry.After,
        durationMs = entry.Duration == TimeSpan.Zero ? (double?)null : Math.Round(entry.Duration.TotalMilliseconds, 1),
        backup = entry.Backup,
        error = entry.Problem is null ? null : ErrorReport.Json(entry.Problem),
        drift = entry.Drift.Select(Commands.DriftReport.Json).ToArray(),
    };

    public static string Revisions(IReadOnlyList<string> revisions, bool missing) =>
        missing ? "(no file)" : revisions.Count == 0 ? "(base)" : string.Join(", ", revisions);

    private static string Shorten(IReadOnlyList<string> revisions) =>
        revisions.Count <= 3 ? string.Join(", ", revisions) : $"{revisions[0]} ... {revisions[^1]}";
}
