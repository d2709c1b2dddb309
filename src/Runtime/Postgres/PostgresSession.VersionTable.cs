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
    /// One round trip, two statements: the server hashes the rows as <see cref="AtHeadFingerprint"/> describes and
    /// answers whether they are exactly at head; the second statement sends the rows only when they are not. A
    /// missing table is the fresh-database answer, as in <see cref="ReadAsync"/>; a table without a column the
    /// comparison names (older than checksums), or a server without <c>sha256()</c>, is read again in full, as before.
    /// </summary>
    public async Task<VersionTableSnapshot?> ReadUnlessAtHeadAsync(AtHeadFingerprint expected, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(_connection);
        if (CommandTimeoutSeconds is { } timeout)
        {
            batch.Timeout = timeout;
        }

        var atHead = VersionTable.MatchesAtHead("$1", "$2");
        batch.BatchCommands.Add(new NpgsqlBatchCommand(atHead) { Parameters = { Bigint(expected.Rows), Text(expected.Sha256Hex) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"{VersionTable.Select} WHERE ({atHead}) IS NOT TRUE") { Parameters = { Bigint(expected.Rows), Text(expected.Sha256Hex) } });
        var rows = new List<VersionRow>();
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var exactlyAtHead = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetBoolean(0);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await ReadRowsAsync(reader, rows, cancellationToken).ConfigureAwait(false);
            _versionTableSeen = true;
            if (exactlyAtHead)
            {
                return null;
            }
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

        return new VersionTableSnapshot(true, rows);
    }

    /// <summary>The version rows of a <c>SELECT *</c> of the table, columns found by name.</summary>
    private async Task ReadRowsAsync(NpgsqlDataReader reader, List<VersionRow> rows, CancellationToken cancellationToken)
    {
        var columns = VersionTableColumns.Of(reader, VersionTable.Name);
        _currentShape = columns.IsCurrentShape;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new VersionRow(
                reader.GetString(columns.Revision),
                SplitParents(reader.GetString(columns.Parents)),
                reader.GetString(columns.State) == "running" ? VersionRowState.Running : VersionRowState.Applied,
                reader.GetFieldValue<DateTimeOffset>(columns.AppliedAt),
                TimeSpan.FromMilliseconds(reader.GetInt64(columns.DurationMs)),
                columns.ChecksumOf(reader),
                columns.RecordedByOf(reader)));
        }
    }

    private static NpgsqlParameter<long> Bigint(long value) => new NpgsqlParameter<long> { TypedValue = value };

    public override async Task EnsureVersionTableAsync(CancellationToken cancellationToken)
    {
        if (_versionTableSeen && _currentShape)
        {
            return;
        }

        if (!_versionTableSeen)
        {
            await CreateVersionTableAsync(cancellationToken).ConfigureAwait(false);

            // CREATE TABLE IF NOT EXISTS keeps a table that appeared since the read, which an older runner may have made.
            _currentShape = ColumnExists(null, VersionTable.Name, RecordedByColumn.Name);
        }

        if (!_currentShape)
        {
            await AddMissingColumnsAsync(cancellationToken).ConfigureAwait(false);
        }

        _versionTableSeen = true;
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
