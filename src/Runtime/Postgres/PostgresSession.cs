using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Execution;
using MigrationChain.Planning;
using MigrationChain.Sql;
using Npgsql;
using NpgsqlTypes;

namespace MigrationChain.Postgres;

/// <summary>
/// One PostgreSQL connection for the engine. Reading the version table is a single query; a missing table is the
/// fresh-database answer, not an error. Runners are serialized for a whole run by <see cref="PostgresRunLock"/>,
/// so while it is held nothing else writes the version table and nothing needs re-reading between steps.
/// </summary>
internal sealed partial class PostgresSession : DatabaseSession, IAtHeadProbe
{
    // The driver keeps waiting this much longer than a server-side statement timeout, so the server's error wins.
    private const int ClientTimeoutMarginSeconds = 10;

    private readonly PostgresProvider _provider;
    private readonly NpgsqlConnection _connection;
    private PostgresRunLock? _runLock;
    private bool _versionTableSeen;
    private bool _currentShape;

    // This session has run PostgresVersionState's set-up (once per session that writes: a probe that found the state
    // says the trigger is there, not that its function has this runtime's body).
    private bool _stateSetUpHere;
    private int? _backendPid;
    private DbTransaction? _localLimitsTransaction;
    private List<string> _localLimits = new();

    public PostgresSession(PostgresProvider provider, NpgsqlConnection connection)
    {
        _provider = provider;
        _connection = connection;
    }

    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override DbConnection Connection => _connection;

    public override int? CommandTimeoutSeconds => _provider.Options.CommandTimeout is { } timeout ? Seconds(timeout) : null;

    private PostgresVersionTable VersionTable => _provider.VersionTable;

    private bool HoldsRunLock => _runLock is { IsHeld: true };

    public override async Task<VersionTableSnapshot> ReadAsync(DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, VersionTable.Select);
        var rows = new List<VersionRow>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await ReadRowsAsync(reader, rows, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (transaction is null && e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            // Asking is cheaper than checking first: at head the read must stay one round trip.
            return VersionTableSnapshot.Missing;
        }

        _versionTableSeen = true;
        return new VersionTableSnapshot(true, rows);
    }

    /// <summary>Tables in the schemas the migrations can see (search_path) and the version table's own schema.</summary>
    public override async Task<IReadOnlyList<string>> UserTablesAsync(CancellationToken cancellationToken)
    {
        await using var command = Command(null, """
            SELECT n.nspname || '.' || c.relname
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND (n.nspname = ANY (pg_catalog.current_schemas(false)) OR n.nspname = $1)
              AND NOT (n.nspname = coalesce($1, pg_catalog.current_schema()) AND c.relname IN ($2, $3))
            ORDER BY n.nspname, c.relname
            """);
        command.Parameters.Add(Text(VersionTable.Schema));
        command.Parameters.Add(Text(VersionTable.Table));
        command.Parameters.Add(Text(PostgresVersionState.Name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tables = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    public override async Task<IAsyncDisposable> AcquireRunLockAsync(CancellationToken cancellationToken)
    {
        _runLock = await PostgresRunLock.AcquireAsync(_provider, cancellationToken).ConfigureAwait(false);
        return _runLock;
    }

    public override async Task<(DbTransaction Transaction, bool Stale)> BeginWriteAsync(CancellationToken cancellationToken)
    {
        // Npgsql sends BEGIN with the transaction's first statement: no round trip of its own.
        DropHeld();
        if (_deferredTransaction is { } kept)
        {
            // Steps are kept unsent: this one's BEGIN will follow theirs (PostgresSession.Deferred.cs).
            _beginUnsent = kept;
            return (kept, !HoldsRunLock);
        }

        var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        _beginUnsent = transaction;
        return (transaction, !HoldsRunLock);
    }

    public override async Task WriteRowAsync(DbTransaction? transaction, VersionRow row, CancellationToken cancellationToken)
    {
        SendHeld();
        await using var command = Command(transaction, VersionTable.UpsertParameterized);
        AddRowParameters(command.Parameters, row);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw ChangedUnderUs(row.Revision, "is already recorded as applied");
        }
    }

    public override async Task RewriteRowAsync(DbTransaction? transaction, VersionRow row, CancellationToken cancellationToken)
    {
        SendHeld();
        await using var command = Command(transaction, VersionTable.RewriteParameterized);
        command.Parameters.Add(Text(row.Revision));
        command.Parameters.Add(Text(string.Join(" ", row.Parents)));
        command.Parameters.Add(Text(row.Checksum));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw ChangedUnderUs(row.Revision, "is no longer recorded as applied");
        }
    }

    public override async Task DeleteRowAsync(DbTransaction? transaction, string revision, CancellationToken cancellationToken)
    {
        SendHeld();
        await using var command = Command(transaction, VersionTable.DeleteParameterized);
        command.Parameters.Add(Text(revision));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw ChangedUnderUs(revision, "is no longer recorded");
        }
    }

    /// <summary>The run lock already keeps other runners out; a runner without it waits for the lock's holder to finish.</summary>
    public override async Task<IAsyncDisposable> AcquireStepLockAsync(CancellationToken cancellationToken) =>
        HoldsRunLock ? NoOp.Instance : await PostgresRunLock.AcquireAsync(_provider, cancellationToken).ConfigureAwait(false);

    /// <summary>A running row is live while some other session holds the run lock; a dead runner's session released it.</summary>
    public override async Task<bool> IsStepInProgressElsewhereAsync(CancellationToken cancellationToken) =>
        !HoldsRunLock && await PostgresRunLock.IsHeldElsewhereAsync(_provider, _connection, cancellationToken).ConfigureAwait(false);

    public override bool TableExists(DbTransaction? transaction, string table)
    {
        // to_regclass reads the name as SQL would (unquoted folds to lower case, "Quoted" stays) and follows search_path.
        PostgresNames.RequireReference(table, maxParts: 3, "table");
        SendHeld();
        using var command = Command(transaction,
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass($1) AND relkind IN ('r', 'p', 'v', 'm', 'f'))");
        command.Parameters.Add(Text(table));
        return (bool)command.ExecuteScalar()!;
    }

    public override bool ColumnExists(DbTransaction? transaction, string table, string column)
    {
        using var command = ColumnExistsCommand(transaction, table, column);
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary><see cref="ColumnExists"/> for the runner's own asynchronous set-up, which must not block a thread on the server.</summary>
    internal async Task<bool> ColumnExistsAsync(DbTransaction? transaction, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = ColumnExistsCommand(transaction, table, column);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private NpgsqlCommand ColumnExistsCommand(DbTransaction? transaction, string table, string column)
    {
        PostgresNames.RequireReference(table, maxParts: 3, "table");
        PostgresNames.RequireReference(column, maxParts: 1, "column");
        SendHeld();
        var command = Command(transaction, """
            SELECT EXISTS (
                SELECT 1 FROM pg_catalog.pg_attribute
                WHERE attrelid = pg_catalog.to_regclass($1) AND attname = (pg_catalog.parse_ident($2))[1] AND attnum > 0 AND NOT attisdropped)
            """);
        command.Parameters.Add(Text(table));
        command.Parameters.Add(Text(column));
        return command;
    }

    public override int? CommandTimeoutFor(StepLimits limits)
    {
        if (_provider.Options.CommandTimeout is { } configured)
        {
            return Seconds(configured);
        }

        if (limits.StatementTimeout is not { } statement)
        {
            return null;
        }

        // Zero is Npgsql's "wait as long as it takes": for a migration that asked for no server limit, and for a
        // connection string that already waits forever.
        var driverDefault = _connection.CommandTimeout;
        return statement.IsUnlimited || driverDefault == 0 ? 0 : Math.Max(driverDefault, Seconds(statement.Value) + ClientTimeoutMarginSeconds);
    }

    public override string? ExplainFailure(DbException error, StepLimits limits) =>
        PostgresFailures.Explain(error, limits, CommandTimeoutFor(limits) ?? _connection.CommandTimeout);

    /// <summary>
    /// The last statement the migration's server session received, from pg_stat_activity, read on the run lock's
    /// connection (the session's own may be in an aborted transaction). Npgsql reports the SQL only for batches.
    /// </summary>
    public override string? FailedStatement(DbException error)
    {
        if (error is PostgresException { BatchCommand.CommandText: { Length: > 0 } reported })
        {
            return reported;
        }

        // A connection that broke (its session terminated, the network gone) no longer says its pid, and its server
        // session has ended with the statement: there is nothing to look up, and asking would replace the failure.
        var pid = _backendPid ?? ((_connection.FullState & ConnectionState.Open) != 0 ? _connection.ProcessID : (int?)null);
        return pid is { } known && _runLock is { IsHeld: true } runLock ? runLock.LastStatementOf(known) : null;
    }

    /// <summary>
    /// Cancels whatever the connection is running, including a data migration's own commands, which the engine
    /// cannot reach: <c>pg_cancel_backend</c> from a second connection. The callback is synchronous, so disposing
    /// the registration waits for it and a late cancel can never hit the connection's next user.
    /// </summary>
    public override CancellationTokenRegistration InterruptOnCancel(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return default;
        }

        // The server's pid, not the one the connection was told at startup, which a pooling proxy makes up.
        _backendPid ??= BackendPid();
        return cancellationToken.Register(static state => ((PostgresSession)state!).CancelRunningStatement(), this);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_runLock is not null)
        {
            await _runLock.DisposeAsync().ConfigureAwait(false);
        }

        await _provider.CloseAsync(_connection).ConfigureAwait(false);
    }

    private int BackendPid()
    {
        FlushDeferredForStep();
        using var command = Command(null, "SELECT pg_catalog.pg_backend_pid()");
        return (int)command.ExecuteScalar()!;
    }

    private void CancelRunningStatement()
    {
        try
        {
            using var connection = _provider.CreateConnection();
            connection.Open();
            using var command = new NpgsqlCommand("SELECT pg_catalog.pg_cancel_backend($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _backendPid ?? _connection.ProcessID });
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The statement's own cancellation (NpgsqlCommand.Cancel) and the builder's token checks still stop the step.
        }
    }

    private async Task<bool> SchemaExistsAsync(string schema, CancellationToken cancellationToken)
    {
        await using var command = Command(null, "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)");
        command.Parameters.Add(Text(schema));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private VersionTableException ChangedUnderUs(string revision, string what) => new(
        VersionTable.Name,
        $"The version table changed under this runner: '{revision}' {what}. Another process wrote {VersionTable.Name} " +
        "without holding the migration lock (its lock connection was terminated, it uses a different VersionTableSchema " +
        "or search_path, or someone edited the table by hand). Nothing of this step was committed; check History() and run again.");

    private NpgsqlCommand Command(DbTransaction? transaction, string sql)
    {
        RefuseWhileDeferred();
        _beginUnsent = null; // made to be sent
        var command = new NpgsqlCommand(sql, _connection, (NpgsqlTransaction?)transaction);
        if (CommandTimeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        return command;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static int Seconds(TimeSpan timeout) => (int)Math.Ceiling(timeout.TotalSeconds);

    private static string[] SplitParents(string parents) =>
        parents.Length == 0 ? Array.Empty<string>() : parents.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Puts a non-transactional step's session settings back, so the pooled connection carries none of them on.</summary>
    private sealed class SessionSettingsReset : IAsyncDisposable
    {
        private readonly PostgresSession _session;
        private readonly List<string> _settings;

        public SessionSettingsReset(PostgresSession session, List<string> settings)
        {
            _session = session;
            _settings = settings;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = _session.Command(null, string.Join("; ", _settings.ConvertAll(s => $"RESET {s}")));
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // A broken connection takes its session settings with it.
            }
        }
    }
}
