using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Execution;
using MigrationChain.Planning;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>
/// A transactional step that commits on its own in one round trip: its statements are held (<see cref="HoldStatement"/>)
/// and sent in one <see cref="NpgsqlBatch"/> with the step's <c>SET LOCAL</c> limits, its version row and the COMMIT.
/// The server runs a batch in order and skips the rest after an error, so a statement or row that fails leaves the
/// COMMIT unrun, and <c>PostgresException.BatchCommand</c> names what failed. Anything that must see the
/// database as the migration has left it so far sends what is held first (<see cref="SendHeld"/>): a guard query, the
/// lock check's catalog read, the migration's own commands through <see cref="MigrationBuilder.Connection"/>. In
/// one-transaction mode a step's statements are held the same way and sent with its new version row, without the
/// COMMIT (the run's transaction goes on). A step that runs its statements as given (after the migration took the
/// connection) still sends its limits with its first statement, as before.
/// </summary>
internal sealed partial class PostgresSession
{
    // Set at the start of a final batch that does not carry the step's BEGIN, so the version row's duration counts the
    // held statements' time on the server from there.
    private const string HeldSince = "migrationchain.held_since";

    private readonly List<NpgsqlBatchCommand> _held = new();

    // The write transaction whose BEGIN Npgsql has not sent yet: nothing has been sent since it began. Its step's
    // final batch then carries the BEGIN, and transaction_timestamp() is when the server began that batch.
    private DbTransaction? _beginUnsent;
    private NpgsqlBatchCommand? _pendingLimits;
    private DbTransaction? _heldTransaction;
    private int? _heldTimeout;

    public override bool CanHoldStatements => true;

    public override async Task<IAsyncDisposable> LimitStepAsync(DbTransaction? transaction, StepLimits limits, CancellationToken cancellationToken)
    {
        DropHeld();

        // In a one-transaction run an earlier migration's local settings would last until the run commits: put back
        // the server's value of those this migration does not set.
        var inherited = transaction is not null && ReferenceEquals(transaction, _localLimitsTransaction) ? _localLimits : new List<string>();
        inherited.RemoveAll(name => (name == "statement_timeout" ? limits.StatementTimeout : limits.LockTimeout) is not null);
        if (limits.IsEmpty && inherited.Count == 0)
        {
            return NoOp.Instance;
        }

        // In a transaction the settings end with it (is_local); outside one they are the session's until reset.
        var local = transaction is not null;
        var settings = new List<string>();
        var command = new NpgsqlBatchCommand(string.Empty);
        foreach (var name in inherited)
        {
            command.CommandText += (command.CommandText.Length == 0 ? "SELECT " : ", ") +
                $"pg_catalog.set_config('{name}', (SELECT reset_val FROM pg_catalog.pg_settings WHERE name = '{name}'), true)";
        }

        foreach (var (name, limit) in new[] { ("statement_timeout", limits.StatementTimeout), ("lock_timeout", limits.LockTimeout) })
        {
            if (limit is not null)
            {
                settings.Add(name);
                command.Parameters.Add(Text(((long)limit.Value.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                command.CommandText += (command.CommandText.Length == 0 ? "SELECT " : ", ") +
                    $"pg_catalog.set_config('{name}', ${command.Parameters.Count}, {(local ? "true" : "false")})";
            }
        }

        if (!local)
        {
            // A non-transactional step's statements each run alone (CREATE INDEX CONCURRENTLY refuses company): now.
            await using var batch = Batch(null, CommandTimeoutSeconds, command);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new SessionSettingsReset(this, settings);
        }

        // Nothing of the step can run before these are sent (see the class summary), and they end with the transaction.
        (_pendingLimits, _heldTransaction) = (command, transaction);
        (_localLimitsTransaction, _localLimits) = (transaction, settings);
        return NoOp.Instance;
    }

    public override void HoldStatement(DbTransaction transaction, string sql, int? commandTimeoutSeconds)
    {
        if (!ReferenceEquals(transaction, _heldTransaction))
        {
            // Limits or statements of another transaction (never, the step loop drops them at each step): not this one's.
            DropHeld();
            _heldTransaction = transaction;
        }

        _heldTimeout = _held.Count == 0 ? commandTimeoutSeconds : Longer(_heldTimeout, commandTimeoutSeconds);
        _held.Add(new NpgsqlBatchCommand(sql));
    }

    public override void SendHeld()
    {
        // Called before anything else uses the connection (a guard query, the migration's own commands), held or not:
        // the steps kept unsent go first.
        FlushDeferredForStep();
        _beginUnsent = null;
        if (_pendingLimits is null && _held.Count == 0)
        {
            return;
        }

        var transaction = _heldTransaction;
        var statements = _held.ToArray();
        var timeout = statements.Length == 0 ? CommandTimeoutSeconds : _heldTimeout;
        var limits = TakePendingLimits(transaction);
        DropHeld();
        using var batch = Batch(transaction, timeout, limits);
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        try
        {
            batch.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.BatchCommand is { } failed && Array.IndexOf(statements, failed) >= 0)
        {
            throw new HeldStatementFailedException(failed.CommandText, e);
        }
    }

    /// <summary>
    /// For the lock check's catalog read: what is held is sent first, in a round trip of its own (the read then sees
    /// what the statements did); when only the step's limits are pending, they travel with the read instead.
    /// </summary>
    internal NpgsqlBatchCommand? TakeForCatalogRead(DbTransaction? transaction)
    {
        FlushDeferredForStep();
        _beginUnsent = null;
        if (_held.Count > 0)
        {
            SendHeld();
            return null;
        }

        return TakePendingLimits(transaction);
    }

    public override void ExecuteStatement(DbTransaction? transaction, string sql, int? commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        FlushDeferredForStep();
        if (_held.Count > 0)
        {
            SendHeld();
        }

        var limits = TakePendingLimits(transaction);
        using var batch = Batch(transaction, commandTimeoutSeconds, limits, new NpgsqlBatchCommand(sql));
        using var cancel = cancellationToken.Register(static b => ((NpgsqlBatch)b!).Cancel(), batch);
        batch.ExecuteNonQuery();
    }

    public override async Task<RecordedAs> RecordStepAsync(
        DbTransaction transaction, VersionRow row, MigrationDirection direction, bool commit, bool rowIsNew, bool mayDefer, CancellationToken cancellationToken)
    {
        ThrowUnreportedDeferredFailure();
        var upgrade = direction == MigrationDirection.Upgrade;
        var insert = upgrade && rowIsNew;
        if (!commit && !insert)
        {
            // One-transaction mode, a row that is not new (a retried interrupted one, a downgrade's): as before.
            SendHeld();
            return await base.RecordStepAsync(transaction, row, direction, commit, rowIsNew, mayDefer: false, cancellationToken).ConfigureAwait(false);
        }

        var statements = ReferenceEquals(transaction, _heldTransaction) ? _held.ToArray() : Array.Empty<NpgsqlBatchCommand>();
        var timeout = statements.Length == 0 ? CommandTimeoutSeconds : Longer(_heldTimeout, CommandTimeoutSeconds);
        var limits = TakePendingLimits(transaction);
        var carriesBegin = ReferenceEquals(transaction, _beginUnsent);
        DropHeld();

        // The row's duration is the client's time so far ($5) plus the held statements' time on the server. When this
        // batch carries the step's BEGIN (nothing was sent since the transaction began: the usual step), that time
        // runs from transaction_timestamp(), the moment the server began the batch. Otherwise something went ahead
        // of it (a guard query, the migration's own command), and the batch first marks when the server reached it.
        NpgsqlBatchCommand? since = null;
        var serverStart = "pg_catalog.date_part('epoch', pg_catalog.transaction_timestamp())";
        if (upgrade && statements.Length > 0 && !carriesBegin)
        {
            const string set = $"pg_catalog.set_config('{HeldSince}', pg_catalog.date_part('epoch', pg_catalog.clock_timestamp())::text, true)";
            if (limits is null)
            {
                since = new NpgsqlBatchCommand("SELECT " + set);
            }
            else
            {
                limits.CommandText += ", " + set;
            }

            serverStart = $"COALESCE(NULLIF(pg_catalog.current_setting('{HeldSince}', true), '')::float8, pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()))";
        }

        // A new row is a plain INSERT (half the state trigger's work of an upsert: PostgresVersionTable.InsertParameterized).
        // A step that may be sent with others has its statement return its time on the server since its own BEGIN, so
        // each is reported with its own duration, not the round trip's.
        var together = commit && carriesBegin && mayDefer && HoldsRunLock;
        var timed = $"$5 + ((pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) - {serverStart}) * 1000)::bigint";
        var record = !upgrade ? new NpgsqlBatchCommand(together ? VersionTable.DeleteOrFailReportingServerTime : VersionTable.DeleteOrFailParameterized) { Parameters = { Text(row.Revision) } }
            : insert ? new NpgsqlBatchCommand(VersionTable.InsertParameterized(statements.Length == 0 ? "$5" : timed, together))
            : new NpgsqlBatchCommand(VersionTable.UpsertOrFailParameterizedTimed(statements.Length == 0 ? "$5" : timed, together));
        if (upgrade)
        {
            AddRowParameters(record.Parameters, row);
        }

        // The server runs a batch's statements in order and skips the rest after an error: a statement that fails or
        // a row that could not be written never reaches the COMMIT, and the step's transaction is rolled back as before.
        // In one-transaction mode (no COMMIT) the failure aborts the run's transaction, which is rolled back whole.
        // The driver's timeout counts each wait for the server's next answer, so the statements' own timeout holds.
        var step = new List<NpgsqlBatchCommand>(statements.Length + 4);
        if (limits is not null)
        {
            step.Add(limits);
        }

        if (since is not null)
        {
            step.Add(since);
        }

        step.AddRange(statements);
        step.Add(record);
        if (commit)
        {
            step.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        var recorded = new RecordedStep(record, row.Revision, upgrade, insert, row.Duration, timeout ?? _connection.CommandTimeout);
        if (commit)
        {
            _localLimitsTransaction = null; // its local settings end with its COMMIT
            if (together && DeferredSteps + 1 < _provider.Options.StepsPerRoundTrip)
            {
                Defer(transaction, step, recorded);
                return RecordedAs.Deferred;
            }

            if (DeferredSteps > 0)
            {
                return new RecordedAs(false, await SendWithDeferredAsync(step, recorded, cancellationToken).ConfigureAwait(false));
            }
        }

        await using var batch = Batch(transaction, timeout, step.ToArray());
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (recorded.ExplainFailure(this, e) is { } changed)
        {
            throw changed;
        }

        return RecordedAs.Sent;
    }

    /// <summary>What a new row that met one of its revision says (the INSERT cannot tell which state that row has).</summary>
    private const string AlreadyRecorded = "is already recorded as applied or as running";

    /// <summary>The step's limits not sent yet, for a batch that sends them first; null when there are none or they went.</summary>
    internal NpgsqlBatchCommand? TakePendingLimits(DbTransaction? transaction)
    {
        var limits = ReferenceEquals(transaction, _heldTransaction) ? _pendingLimits : null;
        _pendingLimits = null;
        return limits;
    }

    public override void DiscardHeld() => DropHeld();

    private void DropHeld()
    {
        (_pendingLimits, _heldTransaction, _heldTimeout) = (null, null, null);
        _held.Clear();
    }

    /// <summary>The longer of two driver timeouts: zero waits forever, null is the connection's default.</summary>
    private int? Longer(int? a, int? b) =>
        a == 0 || b == 0 ? 0
        : a is null && b is null ? null
        : Math.Max(a ?? _connection.CommandTimeout, b ?? _connection.CommandTimeout);

    private NpgsqlBatch Batch(DbTransaction? transaction, int? commandTimeoutSeconds, params NpgsqlBatchCommand?[] commands)
    {
        RefuseWhileDeferred();
        _beginUnsent = null; // made to be sent
        var batch = new NpgsqlBatch(_connection, (NpgsqlTransaction?)transaction);
        if (commandTimeoutSeconds is { } timeout)
        {
            batch.Timeout = timeout;
        }

        foreach (var command in commands)
        {
            if (command is not null)
            {
                batch.BatchCommands.Add(command);
            }
        }

        return batch;
    }

    private static void AddRowParameters(NpgsqlParameterCollection parameters, VersionRow row)
    {
        parameters.Add(Text(row.Revision));
        parameters.Add(Text(string.Join(" ", row.Parents)));
        parameters.Add(Text(row.State == VersionRowState.Running ? "running" : "applied"));
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = row.AppliedAt.ToUniversalTime() });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)row.Duration.TotalMilliseconds });
        parameters.Add(Text(row.Checksum));
        parameters.Add(Text(RecordedByColumn.Text(row.RecordedBy)));
    }
}
