using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Drift;
using MigrationChain.Planning;

namespace MigrationChain.Execution;

/// <summary>
/// Takes an upgrade's or downgrade's steps one write transaction at a time (or all in one, as
/// <see cref="StepTransactions"/> decides), asking the planner for the next step under the write lock each time;
/// or rewrites the version table for a stamp. The version table is read again only
/// when the session says another runner may have written it since this one last read it.
/// </summary>
internal sealed class StepLoop
{
    private readonly MigrationCatalog _catalog;
    private readonly MigrationPlanner _planner;
    private readonly MigrationRunnerOptions _options;
    private readonly StepExecution _execution;
    private readonly DriftInspector _drift;

    public StepLoop(MigrationCatalog catalog, MigrationPlanner planner, MigrationRunnerOptions options, DriftInspector drift)
    {
        _catalog = catalog;
        _drift = drift;
        _planner = planner;
        _options = options;
        _execution = new StepExecution(options);
        _lockRetry = new Postgres.LockTimeoutRetry(options);
    }

    private readonly Postgres.InvalidIndexRecovery _invalidIndexes = new();

    private readonly Postgres.LockTimeoutRetry _lockRetry;

    private RevisionGraph Graph => _catalog.Graph;

    private MigrationListener? Listener => _options.Listener;

    /// <summary>
    /// Runs steps until the planner has none left. <paramref name="known"/> is the state this session read last (null
    /// when it must read); the returned state is the version table as this runner left it.
    /// </summary>
    public async Task<(List<MigrationStep> Done, AppliedState State)> RunAsync(
        DatabaseSession session,
        MigrationOperation operation,
        bool[] goal,
        AppliedState? known,
        RunOptions options,
        CancellationToken cancellationToken)
    {
        var done = new List<MigrationStep>();
        var kept = new KeptSteps(done, Listener);
        var state = known;
        await using var transactions = new StepTransactions(session, _options.TransactionMode);
        (MigrationStep Step, MigrationFailedException Failure)? lockTimedOut = null;
        using var warmer = new MigrationCodeWarmer(_catalog.Definitions, _planner);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lockTimedOut is { } timedOut)
            {
                // Rolled back and its connection free again: wait (or give up) before the planner picks it again.
                lockTimedOut = null;
                await _lockRetry.BeforeRetryAsync(session, timedOut.Step, timedOut.Failure, cancellationToken).ConfigureAwait(false);
            }

            var (transaction, stale) = await transactions.BeginStepAsync(cancellationToken).ConfigureAwait(false);
            var settled = false;
            var keptOpen = false;
            try
            {
                try
                {
                    if (stale || state is null)
                    {
                        var fresh = AppliedState.Read(Graph, await session.ReadAsync(transaction, cancellationToken).ConfigureAwait(false));
                        if (fresh.Interrupted.Count > 0 && await session.IsStepInProgressElsewhereAsync(cancellationToken).ConfigureAwait(false))
                        {
                            // Another runner is inside a non-transactional step: wait for it outside our write lock.
                            await transactions.AbandonAsync(transaction).ConfigureAwait(false);
                            settled = true;
                            await SessionLocks.WaitForStepElsewhereAsync(session, Listener, cancellationToken).ConfigureAwait(false);
                            state = null;
                            continue;
                        }

                        state = MigrationEngine.Check(fresh, operation, options);
                    }

                    var node = _planner.Next(operation, goal, state.Applied);
                    if (node < 0)
                    {
                        await SendKeptAsync(session, kept, cancellationToken).ConfigureAwait(false);
                        settled = await transactions.FinishAsync(transaction, cancellationToken).ConfigureAwait(false);
                        return (done, state);
                    }

                    // Compiles the later steps' code while the server runs the earlier ones (once per run).
                    warmer.StartOnce(operation, goal, state.Applied);
                    var definition = _catalog.Definitions[node];
                    var next = Step(node, operation == MigrationOperation.Upgrade ? MigrationDirection.Upgrade : MigrationDirection.Downgrade);
                    if (operation == MigrationOperation.Downgrade)
                    {
                        RefuseIrreversible(node);
                    }

                    if (transactions.Single)
                    {
                        // Checked before the run began; this catches a plan that changed while waiting for the lock.
                        RefuseOutsideOneTransaction(new[] { node });
                    }

                    kept.Starting(next);
                    MigrationStep completed;
                    if (definition.Transactional)
                    {
                        settled = true;
                        bool isKept;
                        try
                        {
                            // An upgrade's revision the state neither has applied nor interrupted has no row: a new one is inserted.
                            var rowIsNew = next.Direction == MigrationDirection.Upgrade && !IsInterrupted(state, definition.Revision);
                            (completed, isKept) = await _execution.RunTransactionalAsync(
                                session, transaction, definition, next, commit: !transactions.Single, rowIsNew, transactions.Single ? null : kept, cancellationToken).ConfigureAwait(false);
                        }
                        catch (MigrationFailedException failure) when (!transactions.Single && Postgres.LockTimeoutRetry.IsLockTimeout(failure))
                        {
                            // Only a migration in a transaction of its own can be retried alone; in one-transaction mode
                            // the whole run was rolled back, so the failure stands.
                            lockTimedOut = (next, failure);
                            continue;
                        }

                        state.Applied[node] = next.Direction == MigrationDirection.Upgrade;
                        kept.Settle(session);
                        if (isKept)
                        {
                            // Sent with the next steps; reported when its COMMIT has run.
                            kept.Add(next, completed, node, definition);
                            keptOpen = true;
                            continue;
                        }
                    }
                    else
                    {
                        await SendKeptAsync(session, kept, cancellationToken).ConfigureAwait(false);
                        await SessionLocks.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                        settled = true;
                        state = null;
                        try
                        {
                            completed = await _execution.RunNonTransactionalAsync(session, definition, next, cancellationToken).ConfigureAwait(false);
                        }
                        catch (MigrationFailedException failure) when (Postgres.InvalidIndexRecovery.IsAlreadyExists(failure))
                        {
                            // An interrupted CREATE INDEX CONCURRENTLY's INVALID leftover: dropped, the step runs again.
                            if (await _invalidIndexes.TryRecoverAsync(session, failure, options.RetryInterrupted, Listener, cancellationToken).ConfigureAwait(false))
                            {
                                continue;
                            }

                            throw;
                        }
                    }

                    done.Add(completed);
                    Listener?.OnStepCompleted(completed);
                }
                catch (Exception e) when (e is not DeferredStepsFailedException && session.DeferredSteps > 0)
                {
                    // Any other way out of a pass: the steps kept before it ran before it, so they are sent first (a
                    // failure of theirs is reported instead); if the caller cancelled, they are dropped unsent.
                    await LeaveWithKeptAsync(session, kept, state, cancellationToken).ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    await transactions.EndStepAsync(transaction, settled, keptOpen).ConfigureAwait(false);
                }
            }
            catch (DeferredStepsFailedException failed)
            {
                // A kept step failed when it was sent: the ones before it committed, it and the ones after it did not.
                kept.Settle(session);
                session.DiscardDeferred();
                var (step, definition) = kept.TakeFailed(state!.Applied);
                var failure = _execution.KeptStepFailed(session, definition, step, failed, cancellationToken);
                if (failure is MigrationFailedException keptTimedOut && !transactions.Single && Postgres.LockTimeoutRetry.IsLockTimeout(keptTimedOut))
                {
                    lockTimedOut = (step, keptTimedOut);
                    continue;
                }

                throw failure;
            }
        }
    }

    /// <summary>Sends the kept steps and reports those that committed; a failure of one is thrown as <see cref="DeferredStepsFailedException"/>.</summary>
    private static async Task SendKeptAsync(DatabaseSession session, KeptSteps kept, CancellationToken cancellationToken)
    {
        await session.FlushDeferredAsync(cancellationToken).ConfigureAwait(false);
        kept.Settle(session);
    }

    private static async Task LeaveWithKeptAsync(DatabaseSession session, KeptSteps kept, AppliedState? state, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            session.DiscardDeferred();
            kept.Drop(state?.Applied);
            return;
        }

        await SendKeptAsync(session, kept, CancellationToken.None).ConfigureAwait(false);
    }

    private static bool IsInterrupted(AppliedState state, string revision)
    {
        foreach (var row in state.Interrupted)
        {
            if (row.Revision == revision)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rewrites the version table to the goal in one transaction; runs no migration.</summary>
    public async Task<List<MigrationStep>> StampAsync(DatabaseSession session, bool[] goal, AppliedState? known, CancellationToken cancellationToken)
    {
        var (transaction, stale) = await SessionLocks.LockAsync(session, session.BeginWriteAsync, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var state = stale || known is null
                ? AppliedState.Read(Graph, await session.ReadAsync(transaction, cancellationToken).ConfigureAwait(false))
                : known;
            var steps = StampSteps(_planner.StampChanges(goal, state));
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

    /// <summary>A stamp's changes as steps: rows removed ("downgrade"), then revisions recorded ("upgrade").</summary>
    public List<MigrationStep> StampSteps(StampChanges changes)
    {
        var steps = new List<MigrationStep>(changes.Count);
        foreach (var revision in changes.Unrecord)
        {
            var typeName = Graph.TryGetIndex(revision, out var node) ? _catalog.Definitions[node].Type.FullName : null;
            steps.Add(new MigrationStep(revision, MigrationDirection.Downgrade, typeName, transactional: true));
        }

        foreach (var node in changes.Record)
        {
            steps.Add(Step(node, MigrationDirection.Upgrade));
        }

        return steps;
    }

    public MigrationStep Step(int node, MigrationDirection direction)
    {
        var definition = _catalog.Definitions[node];
        return new MigrationStep(definition.Revision, direction, definition.Type.FullName, definition.Transactional);
    }

    /// <summary>Refuses a one-transaction run that would take a non-transactional migration, naming every such one.</summary>
    public void RefuseOutsideOneTransaction(IEnumerable<int> nodes)
    {
        var outside = nodes.Select(n => _catalog.Definitions[n]).Where(d => !d.Transactional).Select(d => d.Revision).ToList();
        if (outside.Count > 0)
        {
            throw new SingleTransactionRefusedException(outside);
        }
    }

    public void RefuseIrreversible(int node)
    {
        var definition = _catalog.Definitions[node];
        if (!definition.HasDowngrade)
        {
            throw new IrreversibleMigrationException(definition.Revision, definition.IrreversibleReason);
        }
    }
}
