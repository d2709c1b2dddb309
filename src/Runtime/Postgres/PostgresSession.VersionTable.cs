using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Execution;
using MigrationChain.Planning;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>Creating the version table, and bringing one an older runner created to the current shape.</summary>
internal sealed partial class PostgresSession
{
    /// <summary>
    /// One round trip that answers whether the rows are exactly at head and sends them only when they are not. With
    /// the version table's <see cref="PostgresVersionState"/> (the usual case) it is one statement that also returns
    /// the current state, and when that equals the state at which this process last found the table at head
    /// (<see cref="PostgresAtHeadMemo"/>) the server answers from it alone and never hashes a row. With such a state
    /// remembered, the state alone is asked first (<see cref="StateIsStill"/>), a statement the server plans in about
    /// half the probe's time, and the probe follows only when it moved; otherwise, and
    /// without the companion, it compares the rows as <see cref="AtHeadFingerprint"/> describes, as before. A
    /// missing table is the fresh-database answer, as in <see cref="ReadAsync"/>; a table without a column the
    /// comparison names (older than checksums), or a server without <c>sha256()</c>, is read again in full, as before.
    /// </summary>
    public async Task<VersionTableSnapshot?> ReadUnlessAtHeadAsync(AtHeadFingerprint expected, CancellationToken cancellationToken)
    {
        // A session handed over by the synchronous probe (AtHeadShortcut) has already read this.
        if (TakePrimedFirstRead() is { } primed)
        {
            return primed;
        }

        var target = _provider.AtHeadMemoKey;
        var memo = PostgresAtHeadMemo.Get(expected, target);
        var text = PostgresAtHeadLiterals.TextToSend(expected);
        if (!memo.CompanionUnusable)
        {
            try
            {
                if (memo.AtHeadState is { } remembered && StateIsStill(remembered, await ReadStateAsync(cancellationToken).ConfigureAwait(false)))
                {
                    return null;
                }

                var (snapshot, state) = await ProbeAsync(expected, text, AsyncProbe(text, withState: true, memo.AtHeadState), cancellationToken).ConfigureAwait(false);
                return AfterStateProbe(expected, target, memo, snapshot, state);
            }
            catch (PostgresException e) when (CompanionUnreadable(e))
            {
                // No companion (a database an older runner made, or a fresh one), or one this user may not read:
                // compare without it, now and until it can be read.
                memo = CompanionUnusable(expected, target, memo);
            }
        }

        try
        {
            var (snapshot, readable) = await ProbeAsync(expected, text, AsyncProbe(text, withState: false, remembered: null), cancellationToken).ConfigureAwait(false);
            return AfterPlainProbe(expected, target, memo, snapshot, readable);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return VersionTableSnapshot.Missing;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction)
        {
            // A table older than checksums, or a server without sha256() (before PostgreSQL 11): read it as before.
            return await ReadAsync(null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="ReadState"/>.</summary>
    private async Task<string?> ReadStateAsync(CancellationToken cancellationToken)
    {
        await using var command = Command(null, VersionTable.StateQuery);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Null and the first row's second column when at head; otherwise the rows as a full read returns them.</summary>
    /// <remarks>$2 is <paramref name="text"/> when not null (<see cref="PostgresAtHeadLiterals.TextToSend"/>), else the digest.</remarks>
    private async Task<(VersionTableSnapshot? Snapshot, string? Extra)> ProbeAsync(AtHeadFingerprint expected, string? text, StateProbe probe, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(_connection);
        if (CommandTimeoutSeconds is { } timeout)
        {
            batch.Timeout = timeout;
        }

        var statements = probe.WithState ? new[] { probe.AtHead } : new[] { probe.AtHead, $"{VersionTable.Select} WHERE ({probe.AtHeadCondition}) IS NOT TRUE" };
        foreach (var sql in statements)
        {
            var command = new NpgsqlBatchCommand(sql) { Parameters = { Bigint(expected.Rows), Text(text ?? expected.Sha256Hex) } };
            if (probe.WithState)
            {
                command.Parameters.Add(Text(probe.Remembered));
            }

            batch.BatchCommands.Add(command);
        }

        var rows = new List<VersionRow>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var exactlyAtHead = reader.GetString(0) == StateProbe.True;
        var extra = reader.IsDBNull(1) ? null : reader.GetString(1);
        if (probe.WithState)
        {
            // The verdict's row carries the first version row, or NULLs (at head, or an empty table).
            var columns = Columns(reader);
            if (!exactlyAtHead)
            {
                do
                {
                    if (!reader.IsDBNull(columns.Revision))
                    {
                        rows.Add(ReadRow(reader, columns));
                    }
                }
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await ReadRowsAsync(reader, rows, cancellationToken).ConfigureAwait(false);
        }

        _versionTableSeen = true;
        return (exactlyAtHead ? null : new VersionTableSnapshot(true, rows), extra);
    }

    /// <summary>The version rows of a <c>SELECT *</c> of the table, columns found by name.</summary>
    private async Task ReadRowsAsync(NpgsqlDataReader reader, List<VersionRow> rows, CancellationToken cancellationToken)
    {
        var columns = Columns(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(ReadRow(reader, columns));
        }
    }

    private VersionTableColumns Columns(NpgsqlDataReader reader)
    {
        var columns = VersionTableColumns.Of(reader, VersionTable.Name);
        _currentShape = columns.IsCurrentShape;
        return columns;
    }

    private static VersionRow ReadRow(NpgsqlDataReader reader, VersionTableColumns columns) => new(
        reader.GetString(columns.Revision),
        SplitParents(reader.GetString(columns.Parents)),
        reader.GetString(columns.State) == "running" ? VersionRowState.Running : VersionRowState.Applied,
        reader.GetFieldValue<DateTimeOffset>(columns.AppliedAt),
        TimeSpan.FromMilliseconds(reader.GetInt64(columns.DurationMs)),
        columns.ChecksumOf(reader),
        columns.RecordedByOf(reader));

    private static NpgsqlParameter<long> Bigint(long value) => new NpgsqlParameter<long> { TypedValue = value };

    public override async Task EnsureVersionTableAsync(CancellationToken cancellationToken)
    {
        if (!_versionTableSeen)
        {
            await CreateVersionTableAsync(cancellationToken).ConfigureAwait(false);

            // CREATE TABLE IF NOT EXISTS keeps a table that appeared since the read, which an older runner may have made.
            _currentShape = await ColumnExistsAsync(null, VersionTable.Name, RecordedByColumn.Name, cancellationToken).ConfigureAwait(false);
        }

        if (!_currentShape)
        {
            await AddMissingColumnsAsync(cancellationToken).ConfigureAwait(false);
        }

        _versionTableSeen = true;

        // Once per session that writes, even after a probe found the state: that says the trigger is there, not that
        // its function has this runtime's body, which the set-up brings an older runner's up to.
        if (!_stateSetUpHere)
        {
            await ArmStateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sets up <see cref="PostgresVersionState"/> where it is missing or older (a new table, or one an older runner made),
    /// under the run lock and before this run writes a row. One statement that only reads when all is there (~0.5 ms
    /// of the server's time per run that writes); without the
    /// privileges the server warns and the runner goes on (its no-ops then compare every row), saying so.
    /// </summary>
    private async Task ArmStateAsync(CancellationToken cancellationToken)
    {
        void Forward(object sender, NpgsqlNoticeEventArgs e) =>
            _provider.Options.Listener?.OnNotice(e.Notice.MessageText);

        _connection.Notice += Forward;
        try
        {
            await using var arm = Command(null, PostgresVersionState.Arm(VersionTable));
            await arm.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _stateSetUpHere = true;
        }
        finally
        {
            _connection.Notice -= Forward;
        }
    }

    private async Task CreateVersionTableAsync(CancellationToken cancellationToken)
    {
        try
        {
            // CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists: ask first.
            if (VersionTable.Schema is not null && !await SchemaExistsAsync(VersionTable.Schema, cancellationToken).ConfigureAwait(false))
            {
                await using var createSchema = Command(null, VersionTable.CreateSchema);
                await createSchema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (_provider.Schema is not null)
                {
                    _provider.Options.Listener?.OnNotice($"Created the schema {VersionTable.QuotedSchema}, which did not exist.");
                }
            }

            await using var create = Command(null, VersionTable.Create);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw new VersionTableException(
                VersionTable.Name,
                $"Could not create the version table {VersionTable.Name} in {_provider.Description}: {e.MessageText}." +
                (e.SqlState == PostgresErrorCodes.InvalidSchemaName ? " No schema on the search_path exists." : string.Empty),
                e.SqlState == PostgresErrorCodes.InvalidSchemaName
                    ? "Create one or set MigrationRunnerOptions.VersionTableSchema."
                    : "Create it (or its schema) as a user who may, or set MigrationRunnerOptions.VersionTableSchema to a schema this user can create tables in.",
                new[] { new Remedy(RemedyKind.SetVersionTableSchema, When: e.SqlState == PostgresErrorCodes.InvalidSchemaName ? "or create a schema on the search_path" : "to a schema this user can create tables in, or create the table (or its schema) as a user who may") },
                e);
        }
    }

    /// <summary>
    /// A table an older runner created lacks <c>recorded_by</c>: added under the run lock, in its own statement
    /// (IF NOT EXISTS all the same); the rows already there keep NULL.
    /// </summary>
    private async Task AddMissingColumnsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var alter = Command(null, VersionTable.AddRecordedBy);
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new VersionTableException(
                VersionTable.Name,
                $"The version table {VersionTable.Name} in {_provider.Description} was created by an older MigrationChain and " +
                $"lacks the recorded_by column, which this user may not add ({e.MessageText}). Have the table's owner run: " +
                $"{VersionTable.AddRecordedBy}; then run again.",
                e);
        }

        _currentShape = true;
    }
}
