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
/// A transactional step in as few round trips as the migration allows: the step's <c>SET LOCAL</c> limits travel with
/// its first statement (or, when it runs none, with its version row), and the version row travels with the COMMIT.
/// A migration of two statements thus costs three round trips, as the same statements sent by hand in a transaction do.
/// Anything else that would use the connection first (a guard query, the lock check's catalog read, the migration's
/// own commands through <see cref="MigrationBuilder.Connection"/>) sends the limits before it.
/// </summary>
internal sealed partial class PostgresSession
{
    private NpgsqlBatchCommand? _pendingLimits;
    private DbTransaction? _pendingLimitsTransaction;

    public override async Task<IAsyncDisposable> LimitStepAsync(DbTransaction? transaction, StepLimits limits, CancellationToken cancellationToken)
    {
        DropPendingLimits();

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
        (_pendingLimits, _pendingLimitsTransaction) = (command, transaction);
        (_localLimitsTransaction, _localLimits) = (transaction, settings);
        return NoOp.Instance;
    }

    public override void SendPendingLimits()
    {
        if (_pendingLimits is not null)
        {
            var (command, transaction) = (_pendingLimits, _pendingLimitsTransaction);
            DropPendingLimits();
            using var batch = Batch(transaction, CommandTimeoutSeconds, command);
            batch.ExecuteNonQuery();
        }
    }

    public override void ExecuteStatement(DbTransaction? transaction, string sql, int? commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        var limits = TakePendingLimits(transaction);
        using var batch = Batch(transaction, commandTimeoutSeconds, limits, new NpgsqlBatchCommand(sql));
        using var cancel = cancellationToken.Register(static b => ((NpgsqlBatch)b!).Cancel(), batch);
        batch.ExecuteNonQuery();
    }

    public override async Task RecordStepAsync(DbTransaction transaction, VersionRow row, MigrationDirection direction, bool commit, CancellationToken cancellationToken)
    {
        if (!commit)
        {
            // One-transaction mode: the row joins the run's transaction, which commits at the end.
            SendPendingLimits();
            await base.RecordStepAsync(transaction, row, direction, commit, cancellationToken).ConfigureAwait(false);
            return;
        }

        var record = direction == MigrationDirection.Upgrade
            ? new NpgsqlBatchCommand(VersionTable.UpsertOrFailParameterized)
            : new NpgsqlBatchCommand(VersionTable.DeleteOrFailParameterized) { Parameters = { Text(row.Revision) } };
        if (direction == MigrationDirection.Upgrade)
        {
            AddRowParameters(record.Parameters, row);
        }

        // The server runs a batch's statements in order and skips the rest after an error: a row that could not be
        // written never reaches the COMMIT, and the step's transaction is rolled back as before.
        await using var batch = Batch(transaction, CommandTimeoutSeconds, TakePendingLimits(transaction), record, new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (ReferenceEquals(e.BatchCommand, record) && e.SqlState == PostgresErrorCodes.DivisionByZero)
        {
            throw ChangedUnderUs(row.Revision, direction == MigrationDirection.Upgrade ? "is already recorded as applied" : "is no longer recorded");
        }
    }

    /// <summary>The step's limits not sent yet, for a batch that sends them first; null when there are none or they went.</summary>
    internal NpgsqlBatchCommand? TakePendingLimits(DbTransaction? transaction)
    {
        var limits = ReferenceEquals(transaction, _pendingLimitsTransaction) ? _pendingLimits : null;
        DropPendingLimits();
        return limits;
    }

    private void DropPendingLimits() => (_pendingLimits, _pendingLimitsTransaction) = (null, null);

    private NpgsqlBatch Batch(DbTransaction? transaction, int? commandTimeoutSeconds, params NpgsqlBatchCommand?[] commands)
    {
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
