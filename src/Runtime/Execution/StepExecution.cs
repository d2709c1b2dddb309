using System;
using System.Data.Common;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Planning;

namespace MigrationChain.Execution;

/// <summary>
/// Runs one migration and records it: in the step's transaction when it is transactional, otherwise behind a
/// committed <c>Running</c> row. Anything the migration throws while the caller has not cancelled is that
/// migration's failure, reported with its revision; a cancellation by the caller is reported as one.
/// </summary>
internal sealed class StepExecution
{
    private readonly MigrationRunnerOptions _options;
    private readonly Postgres.LiveLockPolicy _lockPolicy;

    public StepExecution(MigrationRunnerOptions options)
    {
        _options = options;
        _lockPolicy = new Postgres.LiveLockPolicy(options);
    }

    private const string WholeRunRolledBack =
        "The run was one transaction (TransactionMode = OneTransaction), so all of it was rolled back: no migration of this run " +
        "stays applied and the database is where it was before. Fix the migration and run again.";

    private MigrationListener? Listener => _options.Listener;

    /// <summary>Runs one migration's Upgrade or Downgrade against an executor (live, or offline for scripts).</summary>
    public static void RunMigration(MigrationDefinition definition, MigrationDirection direction, MigrationExecutor executor, CancellationToken cancellationToken)
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

        definition.MarkCompiled(direction);
    }

    /// <summary>
    /// Runs the migration inside <paramref name="transaction"/> and records it there; commits when
    /// <paramref name="commit"/> (one transaction per migration), else leaves that to the run. A failure rolls back
    /// the transaction: in one-transaction mode, the whole run. <paramref name="rowIsNew"/>: the runner's state has
    /// no row for the revision (see <see cref="DatabaseSession.RecordStepAsync"/>).
    /// </summary>
    /// <remarks>
    /// With <paramref name="kept"/> (one transaction per migration), the session may keep the step to send with the
    /// next ones (<see cref="DatabaseSession.DeferredSteps"/>): the result then says so, and the step is reported
    /// completed when its COMMIT has run. A kept step's failure reaches the caller as
    /// <see cref="DeferredStepsFailedException"/>, from whatever sent it; this step's own failure sends the kept steps
    /// first (theirs wins: this step would never have run).
    /// </remarks>
    public async Task<(MigrationStep Step, bool Kept)> RunTransactionalAsync(
        DatabaseSession session,
        DbTransaction transaction,
        MigrationDefinition definition,
        MigrationStep step,
        bool commit,
        bool rowIsNew,
        KeptSteps? kept,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var limits = LimitsFor(definition, step.Direction);
        RecordedAs recorded;
        try
        {
            await session.LimitStepAsync(transaction, limits, cancellationToken).ConfigureAwait(false);
            using (session.InterruptOnCancel(cancellationToken))
            {
                // A transactional step may have its statements held and sent with its version row (and its COMMIT when
                // it commits on its own).
                var executor = new LiveExecutor(session, transaction, limits, _lockPolicy.For(session, definition, step.Direction), definition.Revision, step.Direction, hold: true);
                RunMigration(definition, step.Direction, executor, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            recorded = await session.RecordStepAsync(
                transaction, RowFor(definition, clock.Elapsed), step.Direction, commit, rowIsNew, mayDefer: commit && kept is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (DeferredStepsFailedException)
        {
            // A kept step's failure, not this one's: the step loop reports it. Nothing of this step ran.
            session.DiscardHeld();
            await SessionLocks.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The caller did not cancel, so whatever was thrown (an OperationCanceledException included, such as an
            // HTTP client's timeout inside a data migration) is this migration's failure. Described before the
            // rollback, while the database still remembers the failed statement.
            var failure = AsFailure(session, limits, definition, step.Direction, e, commit ? null : WholeRunRolledBack);
            session.DiscardHeld();
            await SendKeptAsync(session, transaction).ConfigureAwait(false);
            kept?.Settle(session);
            await SessionLocks.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            if (!Postgres.LockTimeoutRetry.IsLockTimeout(failure))
            {
                // A lock timeout is reported by the retry, which knows whether this was the last attempt.
                Listener?.OnStepFailed(step, failure);
            }

            throw failure;
        }
        catch (Exception e)
        {
            // Whatever the driver or the migration threw, the caller cancelled: roll back and say so. Steps kept unsent
            // never reached the database; those whose COMMIT ran are reported.
            session.DiscardHeld();
            kept?.Settle(session);
            session.DiscardDeferred();
            await SessionLocks.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            throw e as OperationCanceledException ?? new OperationCanceledException(
                $"Cancelled while running '{definition.Revision}'; {(commit ? "it was" : "the whole run was")} rolled back.", e, cancellationToken);
        }

        return (step.Completed(recorded.Duration ?? clock.Elapsed), recorded.Kept);
    }

    /// <summary>
    /// A kept step that failed when it was sent (<see cref="DeferredStepsFailedException"/>), as its own failure would
    /// have been reported: named, explained, told to the listener (a lock timeout is told by the retry).
    /// </summary>
    public Exception KeptStepFailed(DatabaseSession session, MigrationDefinition definition, MigrationStep step, DeferredStepsFailedException failed, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException($"Cancelled while running '{definition.Revision}'; it was rolled back.", failed.Error, cancellationToken);
        }

        var limits = LimitsFor(definition, step.Direction);
        var detail = failed.OutcomeUnknown
            ? $"The connection failed while '{definition.Revision}' and the migrations after it were being sent together " +
              "in one round trip, each in a transaction of its own, so any of them may have committed. History() shows which are applied; run again to apply the rest."
            : null;

        // A cancelled batch does not name its statement, and the server session forgets it at the rollback: the
        // session looked it up before.
        var failure = failed.Error is DbException database && failed.Statement is { } statement
            ? new MigrationFailedException(definition.Revision, step.Direction, statement, database, session.ExplainFailure(database, limits), detail)
            : AsFailure(session, limits, definition, step.Direction, failed.Error, detail);
        if (!Postgres.LockTimeoutRetry.IsLockTimeout(failure))
        {
            Listener?.OnStepFailed(step, failure);
        }

        return failure;
    }

    /// <summary>Before a step's failure is reported: the steps kept before it are sent (a failure of theirs is reported instead).</summary>
    private static async Task SendKeptAsync(DatabaseSession session, DbTransaction transaction)
    {
        if (session.DeferredSteps == 0)
        {
            return;
        }

        try
        {
            await session.FlushDeferredAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DeferredStepsFailedException)
        {
            await SessionLocks.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A migration that cannot run in a transaction: a <c>Running</c> row is committed first, so a failure or a
    /// dead process leaves the database marked as needing attention instead of silently half-migrated.
    /// </summary>
    public async Task<MigrationStep> RunNonTransactionalAsync(
        DatabaseSession session,
        MigrationDefinition definition,
        MigrationStep step,
        CancellationToken cancellationToken)
    {
        await using var stepLock = await SessionLocks.LockAsync(session, session.AcquireStepLockAsync, cancellationToken).ConfigureAwait(false);
        var limits = LimitsFor(definition, step.Direction);
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
                RunMigration(definition, step.Direction, new LiveExecutor(session, transaction: null, limits, _lockPolicy.For(session, definition, step.Direction), definition.Revision, step.Direction), cancellationToken);
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

    /// <summary>The step's timeouts; a migration's own out-of-range value fails it, naming it, before anything of it runs.</summary>
    private StepLimits LimitsFor(MigrationDefinition definition, MigrationDirection direction)
    {
        try
        {
            return StepLimits.For(definition.Attribute, _options);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new MigrationFailedException(definition.Revision, direction, null, e,
                "Nothing of it ran; the database is at the last revision that succeeded. Fix the attribute and run again.");
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
            ? session.WriteRowAsync(transaction, RowFor(definition, duration), cancellationToken)
            : session.DeleteRowAsync(transaction, definition.Revision, cancellationToken);

    /// <summary>The row an upgrade records; a downgrade deletes the row of its revision.</summary>
    private static VersionRow RowFor(MigrationDefinition definition, TimeSpan duration) =>
        new(definition.Revision, definition.Info.Parents, VersionRowState.Applied, DateTimeOffset.UtcNow, duration, definition.Checksum, RecordedBy.Upgrade);

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
}
