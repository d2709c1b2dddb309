using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Backups;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// Plans and migrates many databases, a bounded number at a time. A database that fails is recorded and the others
/// carry on: one tenant's broken file must not keep the rest on old code.
/// </summary>
internal sealed class FleetRunner
{
    private readonly CommandContext _context;
    private readonly IReadOnlyList<Assembly> _migrations;

    public FleetRunner(CommandContext context, IReadOnlyList<Assembly> migrations)
    {
        _context = context;
        _migrations = migrations;
    }

    /// <summary>What each database has and what the target needs; changes nothing (missing files are not created).</summary>
    public async Task<IReadOnlyList<FleetEntry>> PlanAsync(IReadOnlyList<DatabaseAddress> databases, string target, CancellationToken cancellationToken)
    {
        var entries = databases.Select(d => new FleetEntry(d)).ToList();
        var progress = _context.Console.StartProgress("reading", entries.Count);
        try
        {
            await Parallel.ForEachAsync(entries, Limit(cancellationToken), async (entry, token) =>
            {
                using var readable = ReadableDatabase.For(entry.Address);
                entry.Missing = readable.IsMissing;
                try
                {
                    var runner = Runners.Create(readable.Address, _migrations, _context.RunnerOptions(null));
                    var plan = await runner.UpgradeAsync(target, new RunOptions { DryRun = true }, token).ConfigureAwait(false);
                    entry.Before = plan.Current;
                    entry.Plan = plan.Steps.Select(s => s.Revision).ToList();
                    entry.After = plan.Current;
                    entry.Drift = plan.Drift;
                    entry.Outcome = plan.Steps.Count == 0 ? FleetOutcome.UpToDate : FleetOutcome.Planned;
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    entry.Problem = ErrorAdvice.Describe(e, _context, entry.Address);
                    entry.Outcome = FleetOutcome.Failed;
                    entry.ProblemBeforeRun = true;
                    entry.BeforeKnown = false;
                    if (!entry.Problem.Unreadable && await CurrentAsync(readable.Address, token).ConfigureAwait(false) is { } current)
                    {
                        entry.Before = entry.After = current;
                        entry.BeforeKnown = true;
                    }
                    _context.Console.Trace($"{entry.Address.Display}: {e}");
                }

                progress?.Completed();
            }).ConfigureAwait(false);
        }
        finally
        {
            progress?.Dispose();
        }

        return entries;
    }

    /// <summary>Migrates every planned database that needs it; SQLite files are backed up first unless told not to.</summary>
    public async Task UpgradeAsync(IReadOnlyList<FleetEntry> entries, string target, bool backup, int keepBackups, CancellationToken cancellationToken)
    {
        var work = entries.Where(e => e.NeedsWork).ToList();
        var progress = _context.Console.StartProgress("databases", work.Count);
        try
        {
            await Parallel.ForEachAsync(work, Limit(cancellationToken), async (entry, token) =>
            {
                using var reporter = new StepReporter(_context.Console, entry.Address.Display, inFleet: true);
                var watcher = new RunWatcher(reporter);
                var footprint = SqliteFootprint.Of(entry.Address);
                var clock = Stopwatch.StartNew();
                try
                {
                    var runner = Runners.Create(entry.Address, _migrations, _context.RunnerOptions(watcher));
                    var options = new RunOptions { Backup = backup && entry.Address.Kind == DatabaseKind.Sqlite && !entry.Missing };
                    var result = await runner.UpgradeAsync(target, options, token).ConfigureAwait(false);
                    entry.Applied = result.Steps;
                    entry.After = result.Current;
                    entry.Backup = result.BackupPath;
                    if (result.BackupPath is not null && entry.Address.FilePath is not null)
                    {
                        BackupRetention.Prune(entry.Address.FilePath, keepBackups, result.BackupPath);
                    }

                    entry.Outcome = result.Steps.Count == 0 ? FleetOutcome.UpToDate : FleetOutcome.Upgraded;
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    entry.Problem = ErrorAdvice.Describe(e, _context, entry.Address);
                    entry.Outcome = FleetOutcome.Failed;
                    var removed = footprint?.Undo(watcher.BackupPath, databaseChanged: watcher.DatabaseChanged) ?? Array.Empty<string>();
                    entry.Backup = watcher.BackupPath is { } taken && !removed.Contains(taken) ? taken : null;
                    entry.After = File.Exists(entry.Address.FilePath ?? string.Empty) || entry.Address.FilePath is null
                        ? await CurrentAsync(entry.Address, token).ConfigureAwait(false) ?? entry.Before
                        : entry.Before;
                    _context.Console.Trace($"{entry.Address.Display}: {e}");
                }

                entry.Duration = clock.Elapsed;
                progress?.Completed();
            }).ConfigureAwait(false);
        }
        finally
        {
            progress?.Dispose();
        }
    }

    /// <summary>What a database that failed records now, when it can still be read; null when it cannot.</summary>
    private async Task<IReadOnlyList<string>?> CurrentAsync(DatabaseAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var runner = Runners.Create(address, _migrations, _context.RunnerOptions(null));
            return await runner.CurrentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private ParallelOptions Limit(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _context.Parallelism, CancellationToken = cancellationToken };
}
