using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Execution;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>
/// Steps sent together: a step that commits on its own and sent nothing before its final batch (the usual step: its
/// statements held, no guard query) is kept, complete with its BEGIN, version row and COMMIT, and sent with the next
/// steps' in one round trip, up to <see cref="MigrationRunnerOptions.StepsPerRoundTrip"/>. Each step is still its own transaction; the server
/// runs the batch in order and skips the rest after an error, so a step that fails leaves the steps before it
/// committed and the steps after it unrun, as if each had been sent alone.
/// </summary>
/// <remarks>
/// Npgsql sends a transaction's BEGIN with the next thing sent on the connection. So the kept steps share the first
/// one's transaction object: its BEGIN, which Npgsql puts in front of the batch, is the first step's; every later step
/// carries its own BEGIN; and the next step's <see cref="BeginWriteAsync"/> hands out that object again, with nothing
/// sent. When that step needs the connection before its final batch (a guard query, its own command), the kept steps
/// go first, followed by a BEGIN that opens the step's own transaction, which the object then stands for (Npgsql
/// follows the server's transaction state, not the commands it sent). Only while the run lock is held: nothing else
/// writes the version table, so the planner's next step does not depend on the kept steps' answers.
/// </remarks>
internal sealed partial class PostgresSession
{
    // What Npgsql sends for BeginTransaction(): every step's transaction is the same, whoever sends its BEGIN.
    private const string BeginStep = "BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED";

    private readonly List<NpgsqlBatchCommand> _deferredCommands = new();
    private readonly List<(int End, RecordedStep Step)> _deferred = new();
    private NpgsqlTransaction? _deferredTransaction;
    private DeferredStepsFailedException? _deferredFailure;

    // Kept steps whose COMMIT the server has run since the step loop last asked, with their durations when reported.
    private readonly List<TimeSpan?> _committedKept = new();

    public override int DeferredSteps => _deferred.Count;

    public override TimeSpan?[] TakeCommittedDeferred()
    {
        var committed = _committedKept.ToArray();
        _committedKept.Clear();
        return committed;
    }

    public override Task FlushDeferredAsync(CancellationToken cancellationToken) =>
        _deferred.Count == 0 ? Task.CompletedTask : SendDeferred(async: true, Array.Empty<NpgsqlBatchCommand>(), own: null, cancellationToken).AsTask();

    public override void DiscardDeferred()
    {
        ClearDeferred();
        _deferredFailure = null;
    }

    /// <summary>Keeps a step's final batch (see the class summary).</summary>
    private void Defer(DbTransaction transaction, List<NpgsqlBatchCommand> step, RecordedStep recorded)
    {
        if (_deferred.Count == 0)
        {
            _deferredTransaction = (NpgsqlTransaction)transaction;
        }
        else
        {
            if (!ReferenceEquals(transaction, _deferredTransaction))
            {
                throw new InvalidOperationException($"MigrationChain: '{recorded.Revision}' was kept to send with steps of another transaction.");
            }

            _deferredCommands.Add(new NpgsqlBatchCommand(BeginStep));
        }

        _deferredCommands.AddRange(step);
        _deferred.Add((_deferredCommands.Count, recorded));
    }

    /// <summary>The kept steps and then this step's final batch, in its own transaction, in one round trip; this step's duration.</summary>
    private async Task<TimeSpan?> SendWithDeferredAsync(List<NpgsqlBatchCommand> step, RecordedStep recorded, CancellationToken cancellationToken)
    {
        var after = new List<NpgsqlBatchCommand>(step.Count + 1) { new(BeginStep) };
        after.AddRange(step);
        return await SendDeferred(async: true, after, recorded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For the step in progress, which is about to send something before its final batch: the kept steps go first, and
    /// a BEGIN after them opens this step's transaction (the shared object now stands for it).
    /// </summary>
    private void FlushDeferredForStep()
    {
        if (_deferred.Count > 0)
        {
            // Synchronous all the way down (async: false): the task has completed when it is returned.
            var send = SendDeferred(async: false, new[] { new NpgsqlBatchCommand(BeginStep) }, own: null, CancellationToken.None);
            if (!send.IsCompleted)
            {
                throw new InvalidOperationException("MigrationChain internal error: a synchronous send did not complete.");
            }

            send.GetAwaiter().GetResult();
        }
    }

    /// <summary>A failure of the kept steps that code in between may have swallowed (a migration catching everything) is still reported.</summary>
    private void ThrowUnreportedDeferredFailure()
    {
        if (_deferredFailure is { } failure)
        {
            _deferredFailure = null;
            throw failure;
        }
    }

    /// <summary>
    /// One core for the asynchronous sends and the synchronous one inside a migration's code (Npgsql's pattern). Returns
    /// <paramref name="own"/>'s duration as the database reported it, when it ran.
    /// </summary>
    private async ValueTask<TimeSpan?> SendDeferred(bool async, IReadOnlyList<NpgsqlBatchCommand> after, RecordedStep? own, CancellationToken cancellationToken)
    {
        var deferred = _deferred.ToArray();
        var keptCommands = _deferredCommands.Count;

        // The driver's timeout counts for a whole batch (measured: three 1.5 s statements under a 2 s timeout failed at
        // 2 s), so the round trip gets the sum of its steps' timeouts (BatchDeadline), and the batch itself waits.
        using var batch = new NpgsqlBatch(_connection, _deferredTransaction) { Timeout = 0 };
        var total = 0L;
        var unlimited = false;
        foreach (var (_, kept) in deferred)
        {
            unlimited |= kept.TimeoutSeconds == 0;
            total += kept.TimeoutSeconds;
        }

        if (own is not null)
        {
            unlimited |= own.TimeoutSeconds == 0;
            total += own.TimeoutSeconds;
        }

        using var deadline = new BatchDeadline(batch, unlimited ? 0 : (int)Math.Min(total, int.MaxValue));

        foreach (var command in _deferredCommands)
        {
            batch.BatchCommands.Add(command);
        }

        foreach (var command in after)
        {
            batch.BatchCommands.Add(command);
        }

        // Sent now, whatever the answer: nothing of them is sent twice.
        ClearDeferred();
        _beginUnsent = null;
        var serverTimes = new List<double>(deferred.Length + 1);
        try
        {
            await ReadServerTimes(async, batch, serverTimes, cancellationToken).ConfigureAwait(false);
            Committed(deferred, deferred.Length, serverTimes);
            return own is not null && serverTimes.Count > deferred.Length ? own.ClientTime + TimeSpan.FromMilliseconds(serverTimes[deferred.Length]) : null;
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            var database = e as PostgresException ?? e.InnerException as PostgresException;
            var index = database?.BatchCommand is { } failed ? batch.BatchCommands.IndexOf(failed) : -1;

            // The round trip ran out of time: the statement cancelled then is the step reported, and its failure reads
            // as the driver's timeout would have.
            var error = deadline.Expired
                ? new NpgsqlException(
                    $"The server did not finish the migrations sent together within the sum of their command timeouts ({deadline.Seconds} s).",
                    new TimeoutException(e.Message, e))
                : e;
            // Without the command (a cancelled batch does not say it), the server's answer still came in order: every
            // step whose version row was read before the error had run, and the error is the next step's.
            var step = index >= 0 ? StepOf(deferred, index) : database is not null ? serverTimes.Count : -1;
            if (step < 0)
            {
                throw _deferredFailure = new DeferredStepsFailedException(0, e, outcomeUnknown: true);
            }

            if (step >= deferred.Length)
            {
                // The kept steps committed; what failed is this step's own, reported as any step's failure.
                Committed(deferred, deferred.Length, serverTimes);
                if (database is not null && error == e && own?.ExplainFailure(this, database) is { } changed)
                {
                    throw changed;
                }

                if (error == e)
                {
                    throw;
                }

                throw error;
            }

            Committed(deferred, step, serverTimes);
            var explained = database is not null && error == e ? deferred[step].Step.ExplainFailure(this, database) : null;

            // Reported after the rollback, when the server session no longer remembers the statement: asked now.
            var statement = index < 0 && error is DbException unnamed ? FailedStatement(unnamed) : null;
            throw _deferredFailure = new DeferredStepsFailedException(step, explained ?? error, outcomeUnknown: false, statement);
        }
    }

    /// <summary>
    /// Runs the batch, collecting each step's server time from its version-row statement (the one result with
    /// <see cref="PostgresVersionTable.ServerTimeColumn"/>; a migration's own SELECTs are passed over), in order.
    /// </summary>
    private static async ValueTask ReadServerTimes(bool async, NpgsqlBatch batch, List<double> serverTimes, CancellationToken cancellationToken)
    {
        var reader = async ? await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : batch.ExecuteReader();
        try
        {
            do
            {
                if (reader.FieldCount > 0 && reader.GetName(reader.FieldCount - 1) == PostgresVersionTable.ServerTimeColumn
                    && (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read()))
                {
                    serverTimes.Add(Convert.ToDouble(reader.GetValue(reader.FieldCount - 1), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            while (async ? await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) : reader.NextResult());
        }
        finally
        {
            if (async)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>The first <paramref name="count"/> kept steps committed: listed for the step loop, with their durations.</summary>
    private void Committed((int End, RecordedStep Step)[] deferred, int count, List<double> serverTimes)
    {
        for (var i = 0; i < count; i++)
        {
            _committedKept.Add(i < serverTimes.Count ? deferred[i].Step.ClientTime + TimeSpan.FromMilliseconds(serverTimes[i]) : null);
        }
    }

    /// <summary>
    /// Anything sent while steps are kept would run inside the first one's transaction (Npgsql puts its BEGIN in front):
    /// every path that can run then sends the kept steps first, and a path that does not is a bug, refused here.
    /// </summary>
    private void RefuseWhileDeferred()
    {
        if (_deferred.Count > 0)
        {
            throw new InvalidOperationException(
                $"MigrationChain internal error: a command would have been sent before {_deferred.Count} kept migration step(s) ('{_deferred[0].Step.Revision}' first). Please report it.");
        }
    }

    private void ClearDeferred()
    {
        _deferredCommands.Clear();
        _deferred.Clear();
        _deferredTransaction = null;
    }

    /// <summary>The kept step (its index) a command of the batch belongs to; past the kept steps, the step being recorded.</summary>
    private static int StepOf((int End, RecordedStep Step)[] deferred, int command)
    {
        var step = 0;
        while (step < deferred.Length && deferred[step].End <= command)
        {
            step++;
        }

        return step;
    }

    /// <summary>A step's version-row command, to tell a row that changed under the runner from any other failure.</summary>
    private sealed record RecordedStep(NpgsqlBatchCommand Record, string Revision, bool Upgrade, bool Insert, TimeSpan ClientTime, int TimeoutSeconds)
    {
        public VersionTableException? ExplainFailure(PostgresSession session, PostgresException error) =>
            !ReferenceEquals(error.BatchCommand, Record) ? null
            : error.SqlState == PostgresErrorCodes.DivisionByZero ? session.ChangedUnderUs(Revision, Upgrade ? "is already recorded as applied" : "is no longer recorded")
            : Insert && error.SqlState == PostgresErrorCodes.UniqueViolation ? session.ChangedUnderUs(Revision, AlreadyRecorded)
            : null;
    }
}
