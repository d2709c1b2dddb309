using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Drift;
using MigrationChain.Planning;

namespace MigrationChain.Execution;

/// <summary>
/// Runs upgrades, downgrades and stamps against one provider. The order of work is the same for every database:
/// read the version table; refuse a state that does not fit the code; plan; if nothing is pending, stop (one read,
/// no lock); otherwise lock, read again, and take the steps one transaction at a time, re-reading whenever
/// another runner may have written in between.
/// </summary>
internal sealed class MigrationEngine
{
    private static readonly TimeSpan StepLockPoll = TimeSpan.FromMilliseconds(100);

    private readonly DatabaseProvider _provider;
    private readonly MigrationCatalog _catalog;
    private readonly MigrationPlanner _planner;
    private readonly MigrationRunnerOptions _options;
    private readonly DriftInspector _drift;

    public MigrationEngine(DatabaseProvider provider, MigrationCatalog catalog, MigrationRunnerOptions options)
    {
        _provider = provider;
        _catalog = catalog;
        _planner = new MigrationPlanner(catalog.Graph);
        _options = options;
        _drift = new DriftInspector(catalog, options);
    }

    private RevisionGraph Graph => _catalog.Graph;

    private MigrationListener? Listener => _options.Listener;

    public async Task<MigrationResult> RunAsync(MigrationOperation operation, string targetText, RunOptions? options, CancellationToken cancellationToken)
    {
        options ??= new RunOptions();
        var target = Target.Parse(targetText, Graph.Contains);
        await using var session = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);

        var snapshot = await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        if (snapshot.Rows.Any(r => r.State == VersionRowState.Running) && await session.IsStepInProgressElsewhereAsync(cancellationToken).ConfigureAwait(false))
        {
            await WaitForStepElsewhereAsync(session, cancellationToken).ConfigureAwait(false);
            snapshot = await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var state = Check(AppliedState.Read(Graph, snapshot), operation, options);
        _drift.Inspect(state, operation);
        var goal = Goal(operation, target, state);
        var planned = Plan(operation, goal, state);
        if (planned.Count == 0 && !StampRewrites(operation, state, goal))
        {
            return Result(operation, target, Array.Empty<MigrationStep>(), state, options.DryRun, backupPath: null);
        }

        if (operation == MigrationOperation.Upgrade && !snapshot.Exists)
        {
            await RefuseUnversionedAsync(session, cancellationToken).ConfigureAwait(false);
        }

        if (operation == MigrationOperation.Downgrade)
        {
            RefuseIrreversible(planned);
        }

        if (options.DryRun)
        {
            return Result(operation, target, planned, state, dryRun: true, backupPath: null);
        }

        Listener?.OnPlan(operation, target.Text, planned);
        await using var runLock = await LockAsync(session, session.AcquireRunLockAsync, cancellationToken).ConfigureAwait(false);
        await session.EnsureVersionTableAsync(cancellationToken).ConfigureAwait(false);

        // Someone may have done the work while we waited for the lock.
        var relocked = AppliedState.Read(Graph, await session.ReadAsync(null, cancellationToken).ConfigureAwait(false));
        state = relocked.Interrupted.Count > 0 && await session.IsStepInProgressElsewhereAsync(cancellationToken).ConfigureAwait(false)
            ? relocked
            : Check(relocked, operation, options);
        if (Plan(operation, goal, state).Count == 0 && !StampRewrites(operation, state, goal))
        {
            return Result(operation, target, Array.Empty<MigrationStep>(), state, dryRun: false, backupPath: null);
        }

        string? backupPath = null;
        if (operation != MigrationOperation.Stamp && (options.Backup ?? _options.Backup))
        {
            backupPath = await session.BackupAsync(cancellationToken).ConfigureAwait(false);
            if (backupPath is not null)
            {
                Listener?.OnBackupCreated(backupPath);
            }
        }

        var done = operation == MigrationOperation.Stamp
            ? await StampAsync(session, goal, cancellationToken).ConfigureAwait(false)
            : await StepAsync(session, operation, goal, options, cancellationToken).ConfigureAwait(false);

        var final = AppliedState.Read(Graph, await session.ReadAsync(null, cancellationToken).ConfigureAwait(false));
        return Result(operation, target, done, final, dryRun: false, backupPath);
    }

    /// <summary>Records the code's checksums and parents for applied revisions (AcceptEdits); runs nothing.</summary>
    public Task<IReadOnlyList<DriftFinding>> AcceptEditsAsync(IReadOnlyList<string> revisions, CancellationToken cancellationToken) =>
        EditAcceptance.AcceptAsync(_provider, _catalog, revisions, cancellationToken);

    /// <summary>A stamp that adds and removes nothing still has work when rows it keeps record the wrong parents.</summary>
    private bool StampRewrites(MigrationOperation operation, AppliedState state, bool[] goal) =>
        operation == MigrationOperation.Stamp && _drift.ParentRewrites(state, goal).Count > 0;

    /// <summary>The SQL a run from one revision to another would send; touches no database.</summary>
    public string Script(string from, string to) =>
        new MigrationScriptWriter(_catalog, _provider.CreateScriptDialect(), _options).Write(from, to);

    /// <summary>The database's current revisions (heads of what is applied); reads only.</summary>
    public async Task<IReadOnlyList<string>> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var session = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        return AppliedState.Read(Graph, snapshot).CurrentHeads();
    }

    /// <summary>What <c>UpgradeHead()</c> would apply, in order; throws what it would throw for a broken database.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(MigrationOperation.Upgrade, "heads", new RunOptions { DryRun = true }, cancellationToken).ConfigureAwait(false);
        return result.Steps.Select(s => s.Revision).ToList();
    }

    /// <summary>Every revision of the chain in order, with what the database records about it; reads only.</summary>
    public async Task<IReadOnlyList<RevisionStatus>> HistoryAsync(CancellationToken cancellationToken)
    {
        await using var session = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        var rows = snapshot.Rows.ToDictionary(r => r.Revision, StringComparer.Ordinal);
        var heads = new HashSet<int>(Graph.Heads);
        var history = new List<RevisionStatus>(Graph.Count + rows.Count);
        foreach (var node in Graph.TopologicalOrder)
        {
            var info = Graph.Nodes[node];
            var definition = _catalog.Definitions[node];
            rows.TryGetValue(info.Revision, out var row);
            history.Add(new RevisionStatus(
                info.Revision,
                info.Parents,
                info.Branch,
                Graph.Branches[node].Labels,
                info.DependsOn,
                info.TypeName,
                isKnown: true,
                isHead: heads.Contains(node),
                isApplied: row?.State == VersionRowState.Applied,
                isInterrupted: row?.State == VersionRowState.Running,
                row?.AppliedAt,
                row?.Duration,
                definition.HasDowngrade,
                definition.Transactional,
                row,
                definition.Checksum));
        }

        foreach (var row in snapshot.Rows.Where(r => !Graph.Contains(r.Revision)))
        {
            history.Add(new RevisionStatus(
                row.Revision, row.Parents, null, Array.Empty<string>(), Array.Empty<string>(), null,
                isKnown: false, isHead: false, isApplied: row.State == VersionRowState.Applied,
                isInterrupted: row.State == VersionRowState.Running, row.AppliedAt, row.Duration,
                hasDowngrade: false, transactional: true, row));
        }

        return history;
    }

    private static AppliedState Check(AppliedState state, MigrationOperation operation, RunOptions options)
    {
        // Stamp is how a user repairs a state that does not fit the code, so it must accept one.
        if (operation != MigrationOperation.Stamp)
        {
            state.ThrowIfInconsistent(options.RetryInterrupted);
        }

        return state;
    }

    private bool[] Goal(MigrationOperation operation, Target target, AppliedState state) => operation switch
    {
        MigrationOperation.Upgrade => _planner.UpgradeGoal(target, state),
        MigrationOperation.Downgrade => _planner.DowngradeGoal(target, state),
        _ => _planner.StampGoal(target, state),
    };

    private List<MigrationStep> Plan(MigrationOperation operation, bool[] goal, AppliedState state)
    {
        switch (operation)
        {
            case MigrationOperation.Upgrade:
                return _planner.UpgradeSteps(goal, state.Applied).Select(n => Step(n, MigrationDirection.Upgrade)).ToList();
            case MigrationOperation.Downgrade:
                return _planner.DowngradeSteps(goal, state.Applied).Select(n => Step(n, MigrationDirection.Downgrade)).ToList();
            default:
                // An interrupted row inside the goal is not removed: recording it as applied overwrites it, which is
                // what Stamp("<interrupted revision>") promises ("I finished it by hand").
                var removed = state.Snapshot.Rows
                    .Where(r => !Graph.TryGetIndex(r.Revision, out var node) || !goal[node])
                    .Select(r => new MigrationStep(r.Revision, MigrationDirection.Downgrade, TypeName(r.Revision), transactional: true));
                var added = Graph.TopologicalOrder
                    .Where(n => goal[n] && !state.Applied[n])
                    .Select(n => Step(n, MigrationDirection.Upgrade));
                return removed.Concat(added).ToList();
        }
    }

    private MigrationStep Step(int node, MigrationDirection direction)
    {
        var definition = _catalog.Definitions[node];
        return new MigrationStep(definition.Revision, direction, definition.Type.FullName, definition.Transactional);
    }

    private string? TypeName(string revision) =>
        Graph.TryGetIndex(revision, out var node) ? _catalog.Definitions[node].Type.FullName : null;

    private async Task<List<MigrationStep>> StepAsync(
        DatabaseSession session,
        MigrationOperation operation,
        bool[] goal,
        RunOptions options,
        CancellationToken cancellationToken)
    {
        var done = new List<MigrationStep>();
        AppliedState? state = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (transaction, stale) = await LockAsync(session, session.BeginWriteAsync, cancellationToken).ConfigureAwait(false);
            var finished = false;
            try
            {
                if (stale || state is null)
                {
                    var fresh = AppliedState.Read(Graph, await session.ReadAsync(transaction, cancellationToken).ConfigureAwait(false));
                    if (fresh.Interrupted.Count > 0 && await session.IsStepInProgressElsewhereAsync(cancellationToken).ConfigureAwait(false))
                    {
                        // Another runner is inside a non-transactional step: wait for it outside our write lock.
                        await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                        finished = true;
                        await WaitForStepElsewhereAsync(session, cancellationToken).ConfigureAwait(false);
                        state = null;
                        continue;
                    }

                    state = Check(fresh, operation, options);
                }

                var node = NextStep(operation, goal, state);
                if (node < 0)
                {
                    break;
                }

                var definition = _catalog.Definitions[node];
                var next = Step(node, operation == MigrationOperation.Upgrade ? MigrationDirection.Upgrade : MigrationDirection.Downgrade);
                if (operation == MigrationOperation.Downgrade)
                {
                    RefuseIrreversible(new[] { next });
                }

                Listener?.OnStepStarting(next);
                MigrationStep completed;
                if (definition.Transactional)
                {
                    finished = true;
                    completed = await RunTransactionalAsync(session, transaction, definition, next, cancellationToken).ConfigureAwait(false);
                    state.Applied[node] = next.Direction == MigrationDirection.Upgrade;
                }
                else
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    finished = true;
                    completed = await RunNonTransactionalAsync(session, definition, next, cancellationToken).ConfigureAwait(false);
                    state = null;
                }

                done.Add(completed);
                Listener?.OnStepCompleted(completed);
            }
            finally
            {
                if (!finished)
                {
                    await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                }

                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }

        return done;
    }

    /// <summary>The next node to apply or undo, or -1; a scan, so re-planning after every step allocates nothing.</summary>
    private int NextStep(MigrationOperation operation, bool[] goal, AppliedState state)
    {
        var order = Graph.TopologicalOrder;
        if (operation == MigrationOperation.Upgrade)
        {
            foreach (var node in order)
            {
                if (goal[node] && !state.Applied[node])
                {
                    return node;
                }
            }
        }
        else
        {
            for (var i = order.Length - 1; i >= 0; i--)
            {
                if (goal[order[i]] && state.Applied[order[i]])
                {
                    return order[i];
                }
            }
        }

        return -1;
    }

    private async Task WaitForStepElsewhereAsync(DatabaseSession session, CancellationToken cancellationToken)
    {
        Listener?.OnWaitingForLock("a runner applying a non-transactional migration");
        var stepLock = await LockAsync(session, session.AcquireStepLockAsync, cancellationToken).ConfigureAwait(false);
        await stepLock.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<MigrationStep> RunTransactionalAsync(
        DatabaseSession session,
        DbTransaction transaction,
        MigrationDefinition definition,
        MigrationStep step,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var limits = StepLimits.For(definition.Attribute, _options);
        try
        {
            await session.LimitStepAsync(transaction, limits, cancellationToken).ConfigureAwait(false);
            using (session.InterruptOnCancel(cancellationToken))
            {
                RunMigration(definition, step.Direction, new LiveExecutor(session, transaction, limits), cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await RecordAsync(session, transaction, definition, step.Direction, clock.Elapsed, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Described before the rollback, while the database still remembers the failed statement.
            var failure = AsFailure(session, limits, definition, step.Direction, e);
            await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            Listener?.OnStepFailed(step, failure);
            throw failure;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // Whatever the driver or the migration threw, the caller cancelled: roll back and say so.
            await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            throw e as OperationCanceledException ?? new OperationCanceledException($"Cancelled while running '{definition.Revision}'; it was rolled back.", e, cancellationToken);
        }

        return step.Completed(clock.Elapsed);
    }

    /// <summary>
    /// A migration that cannot run in a transaction: a <c>Running</c> row is committed first, so a failure or a
    /// dead process leaves the database marked as needing attention instead of silently half-migrated.
    /// </summary>
    private async Task<MigrationStep> RunNonTransactionalAsync(
        DatabaseSession session,
        MigrationDefinition definition,
        MigrationStep step,
        CancellationToken cancellationToken)
    {
        await using var stepLock = await LockAsync(session, session.AcquireStepLockAsync, cancellationToken).ConfigureAwait(false);
        var limits = StepLimits.For(definition.Attribute, _options);
        var marker = new VersionRow(definition.Revision, definition.Info.Parents, VersionRowState.Running, DateTimeOffset.UtcNow, TimeSpan.Zero, definition.Checksum, RecordedBy.Upgrade);
        var clock = Stopwatch.StartNew();

        // Outside a transaction the limits are session settings: undone before the bookkeeping, even on failure,
        // but only after a failure was described (undoing them is a statement of its own).
        IAsyncDisposable undoLimits = NoOp.Instance;
        try
        {
            // Inside the try: a connection lost while writing the marker may still have committed it.
            await session.WriteRowAsync(null, marker, cancellationToken).ConfigureAwait(false);
            undoLimits = await session.LimitStepAsync(null, limits, cancellationToken).ConfigureAwait(false);
            using (session.InterruptOnCancel(cancellationToken))
            {
                RunMigration(definition, step.Direction, new LiveExecutor(session, transaction: null, limits), cancellationToken);
            }
        }
        catch (Exception e)
        {
            var failure = AsFailure(session, limits, definition, step.Direction, e,
                $"'{definition.Revision}' is not transactional, so what it did before failing stays; the database is marked " +
                "as needing attention. Make the migration safe to re-run and run again with RetryInterrupted = true, or " +
                $"finish or undo it by hand and Stamp(\"{definition.Revision}\") or Stamp its parent.");
            Listener?.OnStepFailed(step, failure);
            throw failure;
        }
        finally
        {
            await undoLimits.DisposeAsync().ConfigureAwait(false);
        }

        // The schema change is done: nothing may cancel the bookkeeping now.
        await RecordAsync(session, null, definition, step.Direction, clock.Elapsed, CancellationToken.None).ConfigureAwait(false);
        return step.Completed(clock.Elapsed);
    }

    /// <summary>Runs one migration's Upgrade or Downgrade against an executor (live, or offline for scripts).</summary>
    internal static void RunMigration(MigrationDefinition definition, MigrationDirection direction, MigrationExecutor executor, CancellationToken cancellationToken)
    {
        var migration = definition.CreateInstance();
        var builder = new MigrationBuilder(definition.Revision, direction, executor, cancellationToken);
        if (direction == MigrationDirection.Upgrade)
        {
            migration.Upgrade(builder);
        }
        else
        {
            migration.Downgrade(builder);
        }
    }

    private static Task RecordAsync(
        DatabaseSession session,
        DbTransaction? transaction,
        MigrationDefinition definition,
        MigrationDirection direction,
        TimeSpan duration,
        CancellationToken cancellationToken) =>
        direction == MigrationDirection.Upgrade
            ? session.WriteRowAsync(transaction, new VersionRow(definition.Revision, definition.Info.Parents, VersionRowState.Applied, DateTimeOffset.UtcNow, duration, definition.Checksum, RecordedBy.Upgrade), cancellationToken)
            : session.DeleteRowAsync(transaction, definition.Revision, cancellationToken);

    /// <summary>Rewrites the version table to the goal in one transaction; runs no migration.</summary>
    private async Task<List<MigrationStep>> StampAsync(DatabaseSession session, bool[] goal, CancellationToken cancellationToken)
    {
        var (transaction, _) = await LockAsync(session, session.BeginWriteAsync, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var state = AppliedState.Read(Graph, await session.ReadAsync(transaction, cancellationToken).ConfigureAwait(false));
            var steps = Plan(MigrationOperation.Stamp, goal, state);
            foreach (var step in steps)
            {
                if (step.Direction == MigrationDirection.Downgrade)
                {
                    await session.DeleteRowAsync(transaction, step.Revision, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Graph.TryGetIndex(step.Revision, out var node);
                    var row = new VersionRow(step.Revision, Graph.Nodes[node].Parents, VersionRowState.Applied, DateTimeOffset.UtcNow, TimeSpan.Zero, _catalog.Definitions[node].Checksum, RecordedBy.Stamp);
                    await session.WriteRowAsync(transaction, row, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var rewrite in _drift.ParentRewrites(state, goal))
            {
                await session.RewriteRowAsync(transaction, rewrite, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return steps;
        }
    }

    private void RefuseIrreversible(IEnumerable<MigrationStep> steps)
    {
        foreach (var step in steps)
        {
            if (Graph.TryGetIndex(step.Revision, out var node) && !_catalog.Definitions[node].HasDowngrade)
            {
                throw new IrreversibleMigrationException(step.Revision, _catalog.Definitions[node].IrreversibleReason);
            }
        }
    }

    private async Task RefuseUnversionedAsync(DatabaseSession session, CancellationToken cancellationToken)
    {
        var tables = await session.UserTablesAsync(cancellationToken).ConfigureAwait(false);
        if (tables.Count == 0)
        {
            return;
        }

        // Another runner may have created the version table (always before any migration's tables) since our
        // first read; then these tables are its work, not an unversioned schema.
        if ((await session.ReadAsync(null, cancellationToken).ConfigureAwait(false)).Exists)
        {
            return;
        }

        var head = Graph.Heads.Count == 1 ? Graph.Id(Graph.Heads[0]) : "heads";
        throw new DatabaseStateException(
            DatabaseStateProblem.Unversioned,
            Array.Empty<string>(),
            $"{_provider.Description} already has tables ({string.Join(", ", tables.Take(5))}{(tables.Count > 5 ? ", ..." : string.Empty)}) " +
            $"but no '{_options.VersionTable}' table, so upgrading would replay every migration over them. If its schema " +
            $"matches a revision, Stamp that revision first (Stamp(\"{head}\") if it is already at head), then upgrade.");
    }

    /// <summary>Runs a lock-taking call, turning the driver's lock-wait failure into a lock timeout that says who to wait for.</summary>
    private static async Task<T> LockAsync<T>(DatabaseSession session, Func<CancellationToken, Task<T>> acquire, CancellationToken cancellationToken)
    {
        try
        {
            return await acquire(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (session.AsLockTimeout(e) is { } timeout)
        {
            throw timeout;
        }
    }

    private static MigrationFailedException AsFailure(
        DatabaseSession session,
        StepLimits limits,
        MigrationDefinition definition,
        MigrationDirection direction,
        Exception error,
        string? detail = null)
    {
        switch (error)
        {
            case MigrationFailedException failed when detail is null:
                return failed;
            case MigrationFailedException failed:
                return new MigrationFailedException(failed.Revision, failed.Direction, failed.Statement, failed.InnerException ?? failed, failed.Cause, detail);
            case DbException database:
                // A data migration's own command: the runner never saw its SQL, the database may know it.
                return new MigrationFailedException(
                    definition.Revision, direction, session.FailedStatement(database), error, session.ExplainFailure(database, limits), detail);
            default:
                return new MigrationFailedException(definition.Revision, direction, null, error, detail);
        }
    }

    private static async Task RollbackQuietlyAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // Already rolled back or the connection is gone; either way nothing was committed.
        }
    }

    private MigrationResult Result(MigrationOperation operation, Target target, IReadOnlyList<MigrationStep> steps, AppliedState state, bool dryRun, string? backupPath)
    {
        foreach (var warning in _catalog.Warnings)
        {
            Listener?.OnWarning(warning.ToString());
        }

        return new MigrationResult(operation, target.Text, steps, state.CurrentHeads(), dryRun, backupPath, _drift.Find(state));
    }
}
