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
/// Reads and migrates the databases of a fleet as they stream in, a bounded number at a time: each is planned and
/// migrated by one worker, then only its small summary entry is kept, so memory does not grow with the runners of a
/// large fleet. A database that fails is recorded and the others carry on (one tenant's broken file must not keep
/// the rest on old code) unless the rollout policy says to stop.
/// </summary>
internal sealed class FleetRunner
{
    private readonly CommandContext _context;
    private readonly IReadOnlyList<Assembly> _migrations;
    private readonly SharedRevisions _revisions = new();

    public FleetRunner(CommandContext context, IReadOnlyList<Assembly> migrations)
    {
        _context = context;
        _migrations = migrations;
    }

    /// <summary>What each database has and what the target needs; changes nothing (missing files are not created).</summary>
    public async Task<IReadOnlyList<FleetEntry>> PlanAsync(IReadOnlyList<DatabaseAddress> databases, string target, CancellationToken cancellationToken) =>
        (await PlanAsync(Numbered(databases), target, cancellationToken).ConfigureAwait(false)).Entries;

    /// <summary>The fleet the command line names (this shard's part of it), read as it streams in.</summary>
    public async Task<IReadOnlyList<FleetEntry>> PlanFleetAsync(string target, CancellationToken cancellationToken)
    {
        var shard = RolloutPolicy.From(_context).Shard;
        var targets = FleetTargets.InShard(FleetTargets.Of(_context, cancellationToken), shard, cancellationToken);
        return (await PlanAsync(targets, target, cancellationToken).ConfigureAwait(false)).Entries;
    }

    /// <summary>Reads every database of the stream: <c>current</c>, <c>check</c> and a dry run.</summary>
    public async Task<FleetLedger> PlanAsync(IAsyncEnumerable<FleetTarget> targets, string target, CancellationToken cancellationToken)
    {
        var ledger = new FleetLedger();
        using var progress = _context.Console.StartProgress("reading", 0);
        await Parallel.ForEachAsync(targets, Limit(cancellationToken), async (item, token) =>
        {
            try
            {
                ledger.Add(await PlanOneAsync(item, target, token).ConfigureAwait(false));
            }
            finally
            {
                PooledConnections.Release(item.Address);
            }

            progress?.Completed();
        }).ConfigureAwait(false);
        return ledger;
    }

    /// <summary>
    /// Migrates the canaries, then (if every canary succeeded) the rest, each database planned right before its run;
    /// once the policy says stop, the databases still to come are only recorded as not attempted.
    /// </summary>
    public async Task<FleetLedger> UpgradeAsync(
        IReadOnlyList<FleetTarget> canaries, IAsyncEnumerable<FleetTarget> rest, string target, RolloutPolicy policy, FleetBackups backups, CancellationToken cancellationToken)
    {
        var ledger = new FleetLedger();
        using var progress = _context.Console.StartProgress("databases", 0);
        async ValueTask Run(FleetTarget item, CancellationToken token)
        {
            if (ledger.StopReason is not null)
            {
                ledger.Add(new FleetEntry(item.Address, item.Number) { Outcome = FleetOutcome.NotAttempted, BeforeKnown = false });
                return;
            }

            var entry = await PlanOneAsync(item, target, token).ConfigureAwait(false);
            try
            {
                if (entry.NeedsWork)
                {
                    await UpgradeOneAsync(entry, target, backups, token).ConfigureAwait(false);
                }
            }
            finally
            {
                PooledConnections.Release(item.Address);
            }

            ledger.Add(entry);
            if (policy.MaxFailures is { } most && ledger.Failures >= most)
            {
                ledger.Stop($"{ledger.Failures} database(s) failed (--max-failures {most}): no further database was started.");
            }

            progress?.Completed();
        }

        if (canaries.Count > 0)
        {
            _context.Console.Error($"Canaries first: {string.Join(", ", canaries.Select(c => c.Address.Display))}.");
            await Parallel.ForEachAsync(canaries, Limit(cancellationToken), Run).ConfigureAwait(false);
            if (ledger.Failures > 0)
            {
                ledger.Stop($"A canary failed: no other database was started.");
            }
        }

        await Parallel.ForEachAsync(rest, Limit(cancellationToken), Run).ConfigureAwait(false);
        return ledger;
    }

    private async Task<FleetEntry> PlanOneAsync(FleetTarget item, string target, CancellationToken token)
    {
        var entry = new FleetEntry(item.Address, item.Number);
        using var readable = ReadableDatabase.For(entry.Address);
        entry.Missing = readable.IsMissing;
        try
        {
            var runner = Runners.Create(readable.Address, _migrations, _context.RunnerOptions(null));
            var plan = await runner.UpgradeAsync(target, new RunOptions { DryRun = true }, token).ConfigureAwait(false);
            entry.Before = entry.After = _revisions.Of(plan.Current);
            entry.Plan = _revisions.Of(plan.Steps.Select(s => s.Revision).ToList());
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

        return entry;
    }

    /// <summary>Migrates one planned database; a SQLite file is backed up first unless told not to.</summary>
    private async Task UpgradeOneAsync(FleetEntry entry, string target, FleetBackups backups, CancellationToken token)
    {
        using var reporter = new StepReporter(_context.Console, entry.Address.Display, inFleet: true);
        var watcher = new RunWatcher(reporter);
        var footprint = SqliteFootprint.Of(entry.Address);
        var clock = Stopwatch.StartNew();
        try
        {
            var runner = Runners.Create(entry.Address, _migrations, _context.RunnerOptions(watcher));
            var options = new RunOptions { Backup = backups.Take && entry.Address.Kind == DatabaseKind.Sqlite && !entry.Missing };
            var result = await runner.UpgradeAsync(target, options, token).ConfigureAwait(false);
            entry.Applied = result.Steps.Select(s => new AppliedStep(_revisions.Of(s.Revision), (float)s.Duration.TotalMilliseconds)).ToArray();
            entry.After = _revisions.Of(result.Current);
            entry.Backup = result.BackupPath;
            if (result.BackupPath is not null && entry.Address.FilePath is not null)
            {
                BackupRetention.Prune(entry.Address.FilePath, backups.Keep, result.BackupPath);
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
                ? _revisions.Of(await CurrentAsync(entry.Address, token).ConfigureAwait(false) ?? entry.Before)
                : entry.Before;
            _context.Console.Trace($"{entry.Address.Display}: {e}");
        }

        entry.Duration = clock.Elapsed;
    }

    /// <summary>What a database that failed records now, when it can still be read; null when it cannot.</summary>
    private async Task<IReadOnlyList<string>?> CurrentAsync(DatabaseAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var runner = Runners.Create(address, _migrations, _context.RunnerOptions(null));
            return _revisions.Of(await runner.CurrentAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static async IAsyncEnumerable<FleetTarget> Numbered(IReadOnlyList<DatabaseAddress> databases)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        for (var i = 0; i < databases.Count; i++)
        {
            yield return new FleetTarget(i, databases[i]);
        }
    }

    private ParallelOptions Limit(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _context.Parallelism, CancellationToken = cancellationToken };
}

/// <summary>Whether a fleet upgrade backs SQLite files up first, and how many backups it keeps beside each.</summary>
internal readonly record struct FleetBackups(bool Take, int Keep);
