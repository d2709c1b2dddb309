using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MigrationChain.Execution;
using MigrationChain.Planning;
using MigrationChain.Sql;

namespace MigrationChain.Sqlite;

/// <summary>
/// One SQLite connection. Runners are serialized per step by SQLite's own write lock (<c>BEGIN IMMEDIATE</c>),
/// which dies with the process; <c>PRAGMA data_version</c> tells whether another connection committed since this
/// one last read the version table, so the version table is re-read only when it may have changed.
/// </summary>
internal sealed class SqliteSession : DatabaseSession, IAtHeadProbe
{
    private const int GenericErrorCode = 1;
    private const int BusyErrorCode = 5;
    private const int LockedErrorCode = 6;
    private const string TimeFormat = SqliteVersionTable.TimeFormat;

    private readonly SqliteProvider _provider;
    private readonly SqliteConnection _connection;
    private long _dataVersionAtRead = -1;
    private bool _currentShape;

    public SqliteSession(SqliteProvider provider, SqliteConnection connection)
    {
        _provider = provider;
        _connection = connection;
    }

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override DbConnection Connection => _connection;

    // SQLite has no statement timeout; the driver's CommandTimeout is its busy wait, already the lock timeout.
    public override int? CommandTimeoutSeconds => null;

    public override async Task<VersionTableSnapshot> ReadAsync(DbTransaction? transaction, CancellationToken cancellationToken)
    {
        _dataVersionAtRead = DataVersion(transaction);
        if (!TableExists(transaction, _provider.VersionTableName))
        {
            return VersionTableSnapshot.Missing;
        }

        using var command = Command(transaction, SqliteVersionTable.Select(_provider.VersionTable));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = VersionTableColumns.Of(reader, _provider.VersionTableName);
        _currentShape = columns.IsCurrentShape;
        var rows = new List<VersionRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new VersionRow(
                reader.GetString(columns.Revision),
                SplitParents(reader.GetString(columns.Parents)),
                reader.GetString(columns.State) == "running" ? VersionRowState.Running : VersionRowState.Applied,
                AppliedAt(reader.GetString(columns.AppliedAt)),
                TimeSpan.FromMilliseconds(reader.GetInt64(columns.DurationMs)),
                columns.ChecksumOf(reader),
                columns.RecordedByOf(reader)));
        }

        return new VersionTableSnapshot(true, rows);
    }

    public async Task<VersionTableSnapshot?> ReadUnlessAtHeadAsync(AtHeadFingerprint expected, CancellationToken cancellationToken) =>
        IsAtHead(expected) ? null : await ReadAsync(null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// One statement: SQLite joins the rows as <see cref="AtHeadFingerprint"/> describes (in primary-key order, off
    /// the index) and compares that text with the expected one, so only a boolean comes back. A table that is not
    /// there, or lacks a column, fails to prepare: false, as for any other answer than "exactly at head" (the full
    /// read that follows says what is wrong). Before it, <see cref="SqliteAtHeadMemo"/> may already know.
    /// </summary>
    public bool IsAtHead(AtHeadFingerprint expected)
    {
        string? counters = null;
        if (_provider.CanRememberAtHead && SqliteAtHeadMemo.Remembers(_connection, _provider.VersionTable, expected))
        {
            counters = SqliteAtHeadMemo.Read(_connection, _provider);
            if (counters is not null && SqliteAtHeadMemo.StillAtHead(_connection, _provider.VersionTable, expected, counters))
            {
                return true;
            }
        }

        var comparison = SqliteVersionTable.MatchesAtHead(_provider.VersionTable, expected.Rows, expected.Text);
        var readCounters = _provider.CanRememberAtHead;
        using var command = Command(null, readCounters ? SqliteAtHeadMemo.WithCounters(comparison) : comparison);
        string? answer;
        try
        {
            answer = command.ExecuteScalar() as string;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == GenericErrorCode)
        {
            // No such table or column: the full read the caller makes tells the fresh database from the foreign table.
            return false;
        }

        if (readCounters && answer is not null)
        {
            var end = answer.IndexOf(SqliteAtHeadMemo.CountersEnd, StringComparison.Ordinal);
            counters = answer.Substring(0, end);
            answer = answer.Substring(end + 1);
        }

        if (!string.Equals(answer, SqliteVersionTable.AtHeadAnswer, StringComparison.Ordinal))
        {
            return false;
        }

        if (counters is not null)
        {
            SqliteAtHeadMemo.Remember(_connection, _provider.VersionTable, expected, counters);
        }

        return true;
    }

    public override async Task<IReadOnlyList<string>> UserTablesAsync(CancellationToken cancellationToken)
    {
        using var command = Command(null,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> $versionTable ORDER BY name");
        command.Parameters.AddWithValue("$versionTable", _provider.VersionTableName);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tables = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    public override async Task EnsureVersionTableAsync(CancellationToken cancellationToken)
    {
        // The first thing a run that writes does, outside any transaction (a journal mode cannot change inside one).
        await SqliteJournal.ApplyAsync(_connection, _provider, cancellationToken).ConfigureAwait(false);
        using (var command = Command(null, SqliteVersionTable.Create(_provider.VersionTable)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!_currentShape)
        {
            await AddMissingColumnsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A table an older runner created lacks <c>recorded_by</c>. The column is added under the write lock, after
    /// looking again, so two runners upgrading the same old file add it once; the rows already there keep NULL.
    /// </summary>
    private async Task AddMissingColumnsAsync(CancellationToken cancellationToken)
    {
        var (schema, name) = SqliteNames.Split(_provider.VersionTableName);
        var transaction = await SessionLocks.LockAsync(this, _ => Task.FromResult(_connection.BeginTransaction()), cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            using var probe = Command(transaction, "SELECT 1 FROM pragma_table_info($table, $schema) WHERE name = $column");
            probe.Parameters.AddWithValue("$table", name);
            probe.Parameters.AddWithValue("$schema", schema);
            probe.Parameters.AddWithValue("$column", RecordedByColumn.Name);
            if (probe.ExecuteScalar() is null)
            {
                using var alter = Command(transaction, SqliteVersionTable.AddRecordedBy(_provider.VersionTable));
                await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        _currentShape = true;
    }

    public override Task<IAsyncDisposable> AcquireRunLockAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoOp.Instance);

    public override Task<(DbTransaction Transaction, bool Stale)> BeginWriteAsync(CancellationToken cancellationToken)
    {
        // BeginTransaction() issues BEGIN IMMEDIATE: the write lock is taken now, waiting up to the lock timeout.
        var transaction = _connection.BeginTransaction();
        var stale = DataVersion(transaction) != _dataVersionAtRead;
        return Task.FromResult<(DbTransaction, bool)>((transaction, stale));
    }

    public override async Task WriteRowAsync(DbTransaction? transaction, VersionRow row, CancellationToken cancellationToken)
    {
        using var command = Command(transaction, $"""
            INSERT OR REPLACE INTO {_provider.VersionTable} (revision, parents, state, applied_at, duration_ms, checksum, recorded_by)
            VALUES ($revision, $parents, $state, $appliedAt, $durationMs, $checksum, $recordedBy)
            """);
        command.Parameters.AddWithValue("$revision", row.Revision);
        command.Parameters.AddWithValue("$parents", string.Join(" ", row.Parents));
        command.Parameters.AddWithValue("$state", row.State == VersionRowState.Running ? "running" : "applied");
        command.Parameters.AddWithValue("$appliedAt", row.AppliedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$durationMs", (long)row.Duration.TotalMilliseconds);
        command.Parameters.AddWithValue("$checksum", (object?)row.Checksum ?? DBNull.Value);
        command.Parameters.AddWithValue("$recordedBy", (object?)RecordedByColumn.Text(row.RecordedBy) ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task RewriteRowAsync(DbTransaction? transaction, VersionRow row, CancellationToken cancellationToken)
    {
        using var command = Command(transaction,
            $"UPDATE {_provider.VersionTable} SET parents = $parents, checksum = $checksum WHERE revision = $revision AND state = 'applied'");
        command.Parameters.AddWithValue("$revision", row.Revision);
        command.Parameters.AddWithValue("$parents", string.Join(" ", row.Parents));
        command.Parameters.AddWithValue("$checksum", (object?)row.Checksum ?? DBNull.Value);

        // The row was read in this transaction, under SQLite's write lock: nobody else can have changed it.
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task DeleteRowAsync(DbTransaction? transaction, string revision, CancellationToken cancellationToken)
    {
        using var command = Command(transaction, $"DELETE FROM {_provider.VersionTable} WHERE revision = $revision");
        command.Parameters.AddWithValue("$revision", revision);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<IAsyncDisposable> AcquireStepLockAsync(CancellationToken cancellationToken) =>
        _provider.FilePath is null
            ? NoOp.Instance
            : await SqliteFileLock.AcquireAsync(SqliteFileLock.PathFor(_provider.FilePath), _provider.LockTimeout, cancellationToken).ConfigureAwait(false);

    public override Task<bool> IsStepInProgressElsewhereAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_provider.FilePath is not null && SqliteFileLock.IsHeld(SqliteFileLock.PathFor(_provider.FilePath)));

    public override bool TableExists(DbTransaction? transaction, string table)
    {
        var (schema, name) = SqliteNames.Split(table);
        using var command = Command(transaction,
            $"SELECT 1 FROM {SqliteNames.Quote(schema)}.sqlite_master WHERE type IN ('table', 'view') AND name = $name COLLATE NOCASE");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }

    public override bool ColumnExists(DbTransaction? transaction, string table, string column)
    {
        var (schema, name) = SqliteNames.Split(table);
        using var command = Command(transaction, "SELECT 1 FROM pragma_table_info($table, $schema) WHERE name = $column COLLATE NOCASE");
        command.Parameters.AddWithValue("$table", name);
        command.Parameters.AddWithValue("$schema", schema);
        command.Parameters.AddWithValue("$column", column);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>An online backup (SQLite's backup API) of the database file, beside it, named with the time.</summary>
    public override async Task<string?> BackupAsync(CancellationToken cancellationToken)
    {
        if (_provider.FilePath is null)
        {
            return null;
        }

        var path = $"{_provider.FilePath}.{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}.bak";
        var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await using (destination.ConfigureAwait(false))
        {
            await destination.OpenAsync(cancellationToken).ConfigureAwait(false);
            _connection.BackupDatabase(destination);
        }

        return File.Exists(path) ? path : null;
    }

    public override Exception? AsLockTimeout(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: BusyErrorCode or LockedErrorCode } busy
            ? new MigrationLockTimeoutException(_provider.LockTimeout, holder: null, busy)
            : null;

    // SqliteCommand.Cancel() does nothing; sqlite3_interrupt stops the statement running on the connection.
    public override CancellationTokenRegistration InterruptOnCancel(CancellationToken cancellationToken) =>
        cancellationToken.Register(static state => SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)state!).Handle), _connection);

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();

    private long DataVersion(DbTransaction? transaction)
    {
        using var command = Command(transaction, "PRAGMA data_version");
        return (long)command.ExecuteScalar()!;
    }

    private SqliteCommand Command(DbTransaction? transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// The runner writes one exact format, but rows fixed by hand carry whatever the person typed ("2026-01-01
    /// 10:00:00", SQLite's datetime('now')); a time that cannot be read must not make the database unusable.
    /// </summary>
    private static DateTimeOffset AppliedAt(string text) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact) ? exact
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var loose) ? loose
        : DateTimeOffset.UnixEpoch;

    private static string[] SplitParents(string parents) =>
        parents.Length == 0 ? Array.Empty<string>() : parents.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
