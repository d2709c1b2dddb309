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
        // An error can be a paragraph: in a cell it would stretch every row of the table. The cell says what kind of
        // problem it is and points at a numbered note below the table.
        var notes = new List<FleetEntry>();
        var table = new TextTable("DATABASE", "CURRENT", heading);
        foreach (var entry in entries)
        {
            string status;
            if (entry.Problem is not null)
            {
                notes.Add(entry);
                status = $"{(entry.Problem.Unreadable ? "cannot be read" : "refused")} [{notes.Count}]";
            }
            else
            {
                status = entry.Plan.Count == 0 ? "up to date" : $"{entry.Plan.Count} to apply: {Shorten(entry.Plan)}";
            }

            table.Add(entry.Address.Display, Before(entry), status);
        }

        foreach (var line in table.Lines())
        {
            console.Line(line);
        }

        WriteNotes(console, notes);
        var upToDate = entries.Count(e => e.Problem is null && e.Plan.Count == 0);
        var behind = entries.Count(e => e.NeedsWork);
        var refused = entries.Count(e => e.Problem is { Unreadable: false });
        var unreadable = entries.Count(e => e.Problem is { Unreadable: true });
        console.Line($"{entries.Count} database(s): {upToDate} up to date, {behind} need migrations, {refused} refused, {unreadable} cannot be read.");
    }

    /// <summary>The errors a table refers to, numbered as in the table, with what to do (stderr: they are not the table).</summary>
    private static void WriteNotes(CliConsole console, List<FleetEntry> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var problem = entries[i].Problem!;
            console.Error($"[{i + 1}] {problem.Described}");
            foreach (var step in problem.WhatToDo)
            {
                console.Error("    " + step);
            }
        }
    }

    /// <summary>What a database had before the run, or why that is not known.</summary>
    public static string Before(FleetEntry entry) =>
        entry.Outcome == FleetOutcome.NotAttempted ? "(not read)"
        : entry.Missing ? "(no file)"
        : entry.Problem is { Unreadable: true } ? "(cannot be read)"
        : !entry.BeforeKnown ? "(unknown)"
        : Revisions(entry.Before, missing: false);

    public static void WriteSummary(CliConsole console, IReadOnlyList<FleetEntry> entries, string? stopReason = null)
    {
        var table = new TextTable("DATABASE", "RESULT", "FROM", "TO", "APPLIED", "TIME", "BACKUP");
        var failed = entries.Where(e => e.Problem is not null).ToList();
        foreach (var entry in entries)
        {
            var result = entry.Outcome switch
            {
                FleetOutcome.Upgraded => console.Paint("upgraded", Tone.Good),
                FleetOutcome.UpToDate => "up to date",
                FleetOutcome.Failed when entry.ProblemBeforeRun => console.Paint(entry.Problem is { Unreadable: true } ? "cannot be read" : "refused", Tone.Bad),
                FleetOutcome.Failed => console.Paint("FAILED", Tone.Bad),
                FleetOutcome.NotAttempted => "not attempted",
                _ => "not run",
            };
            if (entry.Problem is not null)
            {
                result += $" [{failed.IndexOf(entry) + 1}]";
            }

            table.Add(
                entry.Address.Display,
                result,
                Before(entry),
                entry.BeforeKnown || entry.Applied.Count > 0 ? Revisions(entry.After, entry.Missing && entry.Applied.Count == 0) : Before(entry),
                entry.Applied.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                entry.Duration == TimeSpan.Zero ? string.Empty : Durations.Format(entry.Duration),
                entry.Backup ?? string.Empty);
        }

        console.Line();
        foreach (var line in table.Lines())
        {
            console.Line(line);
        }

        WriteNotes(console, failed);

        var upgraded = entries.Count(e => e.Outcome == FleetOutcome.Upgraded);
        var upToDate = entries.Count(e => e.Outcome == FleetOutcome.UpToDate);
        var failures = entries.Count(e => e.Outcome == FleetOutcome.Failed);
        var notAttempted = entries.Count(e => e.Outcome == FleetOutcome.NotAttempted);
        var line2 = $"{upgraded} upgraded, {upToDate} already up to date, {failures} failed" + (notAttempted > 0 ? $", {notAttempted} not attempted." : ".");
        console.Line(failures == 0 ? console.Paint(line2, Tone.Good) : console.Paint(line2, Tone.Bad));
        if (stopReason is not null)
        {
            console.Line(console.Paint($"Stopped: {stopReason} Fix what failed, then run the same command again: it migrates the rest.", Tone.Bad));
        }
    }

    /// <summary>How many databases are at head, behind, drifted, refused and unreadable: the top of a fleet's status report.</summary>
    public static object StatusCounts(IReadOnlyList<FleetEntry> entries) => new
    {
        databases = entries.Count,
        atHead = entries.Count(e => e.Problem is null && e.Plan.Count == 0),
        behind = entries.Count(e => e.NeedsWork),
        pendingMigrations = entries.Where(e => e.NeedsWork).Sum(e => (long)e.Plan.Count),
        drifted = entries.Count(e => e.Drift.Count > 0),
        refused = entries.Count(e => e.Problem is { Unreadable: false }),
        unreadable = entries.Count(e => e.Problem is { Unreadable: true }),
    };

    public static object Json(FleetEntry entry) => new
    {
        database = entry.Address.Display,
        kind = entry.Address.Kind.ToString().ToLowerInvariant(),
        exists = entry.Exists,
        state = entry.State,
        before = entry.BeforeKnown ? entry.Before : null,
        plan = entry.Plan,
        pending = entry.Problem is null && entry.Outcome != FleetOutcome.NotAttempted ? entry.Plan.Count - entry.Applied.Count : (int?)null,
        outcome = entry.Outcome,
        applied = entry.Applied.Select(s => new { revision = s.Revision, durationMs = Math.Round(s.Milliseconds, 1) }).ToArray(),
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
