using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace MigrationChain.Execution;

/// <summary>How the engine takes a session's locks and lets go of a transaction, the same for every step.</summary>
internal static class SessionLocks
{
    /// <summary>Runs a lock-taking call, turning the driver's lock-wait failure into a lock timeout that says who to wait for.</summary>
    public static async Task<T> LockAsync<T>(DatabaseSession session, Func<CancellationToken, Task<T>> acquire, CancellationToken cancellationToken)
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

    /// <summary>Waits until the runner inside a non-transactional step elsewhere has finished it.</summary>
    public static async Task WaitForStepElsewhereAsync(DatabaseSession session, MigrationListener? listener, CancellationToken cancellationToken)
    {
        listener?.OnWaitingForLock("a runner applying a non-transactional migration");
        var stepLock = await LockAsync(session, session.AcquireStepLockAsync, cancellationToken).ConfigureAwait(false);
        await stepLock.DisposeAsync().ConfigureAwait(false);
    }

    public static async Task RollbackQuietlyAsync(DbTransaction transaction)
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
}
