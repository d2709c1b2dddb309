using System;
using System.Collections.Generic;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;

namespace MigrationChain.Cli.Fleet;

/// <summary>One database of a fleet: what it had, what it needs, and how its run went.</summary>
internal sealed class FleetEntry
{
    public FleetEntry(DatabaseAddress address, long number = 0)
    {
        Address = address;
        Number = number;
    }

    public DatabaseAddress Address { get; }

    /// <summary>Where the fleet's source listed it: the summary keeps that order whatever order the runs ended in.</summary>
    public long Number { get; }

    /// <summary>True for a SQLite file that does not exist yet (it is created by the upgrade).</summary>
    public bool Missing { get; set; }

    public IReadOnlyList<string> Before { get; set; } = Array.Empty<string>();

    /// <summary>False when <see cref="Before"/> could not be read: then it says nothing, and must not be shown as base.</summary>
    public bool BeforeKnown { get; set; } = true;

    /// <summary>True when the problem came up while reading and planning, so nothing was run.</summary>
    public bool ProblemBeforeRun { get; set; }

    /// <summary>missing, unreadable, refused (read, and its state refused), read, or notRead (not attempted).</summary>
    public string State => Outcome == FleetOutcome.NotAttempted ? "notRead" : Missing ? "missing" : Problem is { Unreadable: true } ? "unreadable" : Problem is not null && ProblemBeforeRun ? "refused" : "read";

    /// <summary>Whether the database exists: false for a missing file or PostgreSQL database, null when it could not be told.</summary>
    public bool? Exists => Outcome == FleetOutcome.NotAttempted ? null : Missing ? false
        : Problem?.Exists is { } known ? known
        : Address.Kind == DatabaseKind.Sqlite || Problem is not { Unreadable: true } ? true
        : null;

    /// <summary>The revisions the target needs, in order.</summary>
    public IReadOnlyList<string> Plan { get; set; } = Array.Empty<string>();

    /// <summary>Set when the database could not be read or planned; such a database is not migrated.</summary>
    public Failure? Problem { get; set; }

    public FleetOutcome Outcome { get; set; } = FleetOutcome.Planned;

    /// <summary>What the run applied, kept small: a fleet's summary holds one of these per database.</summary>
    public IReadOnlyList<AppliedStep> Applied { get; set; } = Array.Empty<AppliedStep>();

    public IReadOnlyList<string> After { get; set; } = Array.Empty<string>();

    public TimeSpan Duration { get; set; }

    public string? Backup { get; set; }

    /// <summary>Applied revisions whose version rows disagree with the code (edited since, or wrong parents).</summary>
    public IReadOnlyList<DriftFinding> Drift { get; set; } = Array.Empty<DriftFinding>();

    public bool NeedsWork => Problem is null && Plan.Count > 0;

    public bool Failed => Problem is not null;
}

/// <summary>How one database of a fleet ended.</summary>
internal enum FleetOutcome
{
    /// <summary>Planned only (a dry run, or a read-only command).</summary>
    Planned,

    /// <summary>Nothing to do.</summary>
    UpToDate,

    /// <summary>Migrated.</summary>
    Upgraded,

    /// <summary>Could not be read, planned or migrated; see its problem.</summary>
    Failed,

    /// <summary>Not started: a canary failed, or --max-failures was reached (it is as it was).</summary>
    NotAttempted,
}

/// <summary>One migration a fleet run applied: its revision (shared with every other database's) and how long it took.</summary>
internal readonly record struct AppliedStep(string Revision, float Milliseconds);
