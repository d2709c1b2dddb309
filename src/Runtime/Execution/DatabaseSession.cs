using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Planning;
using MigrationChain.Sql;

namespace MigrationChain.Execution;

/// <summary>
/// One connection's worth of what the engine needs from a database: read and write the version table, lock, and
/// answer guard queries. Each provider writes its own SQL; the engine decides what happens and in what order.
/// </summary>
internal abstract class DatabaseSession : IAsyncDisposable
{
    public abstract SqlDialect Dialect { get; }

    public abstract DbConnection Connection { get; }

    /// <summary>How long a statement may run; null leaves the driver's default.</summary>
    public abstract int? CommandTimeoutSeconds { get; }

    /// <summary>Reads the version table (one round trip where the database allows it).</summary>
    public abstract Task<VersionTableSnapshot> ReadAsync(DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Tables other than the version table: a database with some but no version table is refused.</summary>
    public abstract Task<IReadOnlyList<string>> UserTablesAsync(CancellationToken cancellationToken);

    /// <summary>Creates the version table when missing; safe when several runners do it at once.</summary>
    public abstract Task EnsureVersionTableAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Serializes runners for a whole run. Providers that serialize per step instead (SQLite's write lock) return a
    /// no-op. The lock must die with the process: never a lock row a crash leaves behind.
    /// </summary>
    public abstract Task<IAsyncDisposable> AcquireRunLockAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a step's write transaction. <c>Stale</c> is true when another runner may have written the version
    /// table since this session last read it, so the engine must read it again before choosing the step.
    /// </summary>
    public abstract Task<(DbTransaction Transaction, bool Stale)> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a version row.</summary>
    public abstract Task WriteRowAsync(DbTransaction? transaction, VersionRow row, CancellationToken cancellationToken);

    /// <summary>Corrects an applied row's parents and checksum; when and how it was recorded stay (Stamp, AcceptEdits).</summary>
    public abstract Task RewriteRowAsync(DbTransaction? transaction, VersionRow row, CancellationToken cancellationToken);

    public abstract Task DeleteRowAsync(DbTransaction? transaction, string revision, CancellationToken cancellationToken);

    /// <summary>
    /// Held around a non-transactional step, so another runner that sees its <c>Running</c> row can tell a step in
    /// progress from one whose process died. Providers whose run lock already covers this return a no-op.
    /// </summary>
    public abstract Task<IAsyncDisposable> AcquireStepLockAsync(CancellationToken cancellationToken);

    /// <summary>True when a runner elsewhere holds the step lock (its <c>Running</c> row is live, not interrupted).</summary>
    public abstract Task<bool> IsStepInProgressElsewhereAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies a migration's statement and lock timeouts for the step. Returns what undoes settings that would
    /// outlive it (a non-transactional step's session settings). Providers without server-side timeouts ignore them.
    /// </summary>
    public virtual Task<IAsyncDisposable> LimitStepAsync(DbTransaction? transaction, StepLimits limits, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoOp.Instance);

    /// <summary>
    /// Sends what the step holds (the limits <see cref="LimitStepAsync"/> left to travel with its first statement,
    /// the statements <see cref="HoldStatement"/> kept) before anything else uses the connection: a guard query, a
    /// data migration's own command. Nothing when nothing is held. A held statement that fails is reported as
    /// <see cref="HeldStatementFailedException"/>, naming it.
    /// </summary>
    public virtual void SendHeld()
    {
    }

    /// <summary>
    /// True when a transactional step that commits on its own may hand its statements to <see cref="HoldStatement"/>,
    /// to be sent in one round trip with its version row and COMMIT (<see cref="RecordStepAsync"/>).
    /// </summary>
    public virtual bool CanHoldStatements => false;

    /// <summary>Forgets what the step holds: its transaction failed or was cancelled, and is rolled back.</summary>
    public virtual void DiscardHeld()
    {
    }

    /// <summary>Keeps one of a step's statements to send later (see <see cref="CanHoldStatements"/>).</summary>
    public virtual void HoldStatement(DbTransaction transaction, string sql, int? commandTimeoutSeconds) =>
        throw new NotSupportedException("This database runs each statement when it is given.");

    /// <summary>Runs one of a migration's statements (<see cref="LiveExecutor"/>); a provider may send pending step limits with it.</summary>
    public virtual void ExecuteStatement(DbTransaction? transaction, string sql, int? commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        using var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (commandTimeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        using var cancel = cancellationToken.Register(static c => ((DbCommand)c!).Cancel(), command);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Records a transactional step that ran: its version row written (upgrade) or deleted (downgrade), and, when
    /// <paramref name="commit"/>, the transaction committed. A provider may send both in one round trip, with the
    /// statements it held (<see cref="HoldStatement"/>) ahead of them, as long as a row that cannot be written
    /// (<see cref="VersionTableException"/>) or a statement that fails still leaves nothing committed; a held statement
    /// that fails is thrown as the database's error, which names it (<see cref="FailedStatement"/>).
    /// <paramref name="rowIsNew"/> says the runner's state has no row for the revision (an upgrade of one neither
    /// applied nor interrupted): a provider may then insert it without looking for one, as long as a row that
    /// appeared meanwhile still fails as a <see cref="VersionTableException"/>.
    /// </summary>
    /// <remarks>
    /// With <paramref name="mayDefer"/> a provider may keep a step that commits on its own and sent nothing yet, to
    /// send it later with the next steps in one round trip, each still in its own transaction (<see cref="RecordedAs.Kept"/>; see
    /// <see cref="DeferredSteps"/>). The base sends every step at once.
    /// </remarks>
    public virtual async Task<RecordedAs> RecordStepAsync(
        DbTransaction transaction, VersionRow row, MigrationDirection direction, bool commit, bool rowIsNew, bool mayDefer, CancellationToken cancellationToken)
    {
        if (direction == MigrationDirection.Upgrade)
        {
            await WriteRowAsync(transaction, row, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeleteRowAsync(transaction, row.Revision, cancellationToken).ConfigureAwait(false);
        }

        if (commit)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return RecordedAs.Sent;
    }

    /// <summary>
    /// Steps <see cref="RecordStepAsync"/> kept and has not sent: each complete (statements, version row, COMMIT) but not
    /// yet run by the database. Whatever sends anything next sends them first, in order; when one of them fails, that
    /// send throws <see cref="DeferredStepsFailedException"/> naming it, and the steps after it never ran. Zero again
    /// after any send: then every step kept until then has committed.
    /// </summary>
    public virtual int DeferredSteps => 0;

    /// <summary>
    /// The kept steps that committed since the last call, in the order they were kept, each with its duration when the
    /// database reported it: the step loop reports them completed. A step the database skipped after another's
    /// failure, or that was never sent, is not listed.
    /// </summary>
    public virtual TimeSpan?[] TakeCommittedDeferred() => Array.Empty<TimeSpan?>();

    /// <summary>Sends the steps <see cref="RecordStepAsync"/> kept (see <see cref="DeferredSteps"/>); nothing when none.</summary>
    public virtual Task FlushDeferredAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Forgets the kept steps unsent (a cancelled run): nothing of them reached the database.</summary>
    public virtual void DiscardDeferred()
    {
    }

    /// <summary>How long the driver waits for one of a migration's statements under these limits; null leaves its default.</summary>
    public virtual int? CommandTimeoutFor(StepLimits limits) => CommandTimeoutSeconds;

    /// <summary>
    /// What a database error means for the person fixing the migration, beyond its own message (a timeout, a
    /// statement that cannot run in a transaction); null when the error speaks for itself.
    /// </summary>
    public virtual string? ExplainFailure(DbException error, StepLimits limits) => null;

    /// <summary>
    /// The statement a data migration's own command failed in, when the database can tell (the runner never saw
    /// it); null otherwise. Called only after the step failed.
    /// </summary>
    public virtual string? FailedStatement(DbException error) => null;

    public abstract bool TableExists(DbTransaction? transaction, string table);

    public abstract bool ColumnExists(DbTransaction? transaction, string table, string column);

    /// <summary>
    /// Makes cancellation stop whatever statement the connection is running, including commands a data migration
    /// created itself. Providers whose commands cancel through <see cref="System.Data.Common.DbCommand.Cancel"/>
    /// need nothing more.
    /// </summary>
    public virtual CancellationTokenRegistration InterruptOnCancel(CancellationToken cancellationToken) => default;

    /// <summary>Backs the database up before an upgrade; returns the backup's path, or null when not supported.</summary>
    public virtual Task<string?> BackupAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Turns a driver exception thrown while waiting for a lock into a lock timeout, or returns null.</summary>
    public virtual Exception? AsLockTimeout(Exception exception) => null;

    public abstract ValueTask DisposeAsync();
}
