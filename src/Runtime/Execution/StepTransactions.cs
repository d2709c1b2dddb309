using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Execution;

/// <summary>
/// Where the step loop's write transactions begin and end. Per migration (the default), each pass of the loop takes
/// the write lock in a transaction of its own, which its step commits. In <see cref="MigrationTransactionMode.OneTransaction"/>
/// the first pass begins the run's one transaction, every later pass reuses it, and it commits only when the planner
/// has nothing left; anything that goes wrong on the way rolls back the whole run. The loop itself is the same.
/// </summary>
internal sealed class StepTransactions : IAsyncDisposable
{
    private readonly DatabaseSession _session;
    private DbTransaction? _run;
    private bool _committed;

    public StepTransactions(DatabaseSession session, MigrationTransactionMode mode)
    {
        _session = session;
        Single = mode == MigrationTransactionMode.OneTransaction;
    }

    /// <summary>True when the whole run is one transaction.</summary>
    public bool Single { get; }

    /// <summary>
    /// The transaction for the next step, and whether the version table must be read again first. In one-transaction
    /// mode only the first call takes the lock; later calls return the same transaction, in which nothing else wrote.
    /// </summary>
    public async Task<(DbTransaction Transaction, bool Stale)> BeginStepAsync(CancellationToken cancellationToken)
    {
        if (_run is not null)
        {
            return (_run, false);
        }

        var (transaction, stale) = await SessionLocks.LockAsync(_session, _session.BeginWriteAsync, cancellationToken).ConfigureAwait(false);
        if (Single)
        {
            _run = transaction;
        }

        return (transaction, stale);
    }

    /// <summary>Lets go of the write lock without committing (to wait for another runner); the next step begins afresh.</summary>
    public async Task AbandonAsync(DbTransaction transaction)
    {
        await SessionLocks.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
        if (Single)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            _run = null;
        }
    }

    /// <summary>
    /// The planner has nothing left. One transaction: commit the run (true: the transaction is over). Per
    /// migration every step has committed already; the pass's empty transaction is rolled back by <see cref="EndStepAsync"/>.
    /// </summary>
    public async Task<bool> FinishAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!Single)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
        return true;
    }

    /// <summary>
    /// After each pass. <paramref name="settled"/> says the pass left the transaction as it should be (committed or
    /// rolled back by the step, or in one-transaction mode, still open after a step that succeeded); otherwise the
    /// pass failed or stopped early and the transaction is rolled back: one step's, or the whole run's.
    /// </summary>
    /// <remarks>
    /// <paramref name="keptBySession"/>: the step's final batch is kept by the session to send with the next steps
    /// (<see cref="DatabaseSession.DeferredSteps"/>), and its transaction with it: left as it is.
    /// </remarks>
    public async Task EndStepAsync(DbTransaction transaction, bool settled, bool keptBySession = false)
    {
        if (keptBySession)
        {
            return;
        }

        if (Single)
        {
            if (!settled)
            {
                await DisposeAsync().ConfigureAwait(false);
            }

            return;
        }

        if (!settled)
        {
            await SessionLocks.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
        }

        await transaction.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Rolls back a run's transaction that did not commit (a failure, a cancellation) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_run is null)
        {
            return;
        }

        if (!_committed)
        {
            await SessionLocks.RollbackQuietlyAsync(_run).ConfigureAwait(false);
        }

        await _run.DisposeAsync().ConfigureAwait(false);
        _run = null;
    }
}
