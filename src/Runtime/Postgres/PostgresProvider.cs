using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Execution;
using MigrationChain.Sql;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>PostgreSQL through Npgsql, from a connection string (Npgsql's shared pool) or the caller's data source.</summary>
internal sealed class PostgresProvider : DatabaseProvider
{
    private readonly Func<NpgsqlConnection> _createConnection;

    // Boxed so concurrent runs of one runner publish it whole (a long? is not written atomically).
    private StrongBox<long>? _lockKey;

    public PostgresProvider(string connectionString, MigrationRunnerOptions options)
        : this(() => new NpgsqlConnection(connectionString), connectionString, options)
    {
    }

    public PostgresProvider(NpgsqlDataSource dataSource, MigrationRunnerOptions options)
        : this(dataSource.CreateConnection, dataSource.ConnectionString, options)
    {
    }

    private PostgresProvider(Func<NpgsqlConnection> createConnection, string connectionString, MigrationRunnerOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Multiplexing)
        {
            // Multiplexed commands share physical connections, so a session-level lock would not stay with its owner.
            throw new ArgumentException(
                "The connection string enables Multiplexing, but the migration lock is a session-level advisory lock that " +
                "must stay on one connection. Give the runner a connection string without Multiplexing.",
                nameof(connectionString));
        }

        if (options.Schema is { } schema)
        {
            PostgresNames.Quote(schema, "schema");
            if (options.VersionTableSchema is { } versionTableSchema && !string.Equals(versionTableSchema, schema, StringComparison.Ordinal))
            {
                // Every tenant's rows in one shared table would make each tenant read the others' history as its own.
                throw new ArgumentException(
                    $"MigrationRunnerOptions.Schema is '{schema}' but VersionTableSchema is '{versionTableSchema}': a tenant's version " +
                    "table lives in its own schema. Set only Schema.",
                    nameof(options));
            }
        }

        _createConnection = createConnection;
        Options = options;
        Schema = options.Schema;
        VersionTable = new PostgresVersionTable(options.Schema ?? options.VersionTableSchema, options.VersionTable);
        AtHeadMemoKey = string.Join("\n", connectionString, VersionTable.Name, options.Schema);
        Description = $"PostgreSQL database '{builder.Database ?? builder.Username ?? "postgres"}' on {builder.Host}:{builder.Port}" +
            (options.Schema is null ? string.Empty : $", schema '{options.Schema}'");
    }

    /// <summary>The tenant's schema the migrations run in (<see cref="MigrationRunnerOptions.Schema"/>), or null.</summary>
    public string? Schema { get; }

    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override string Description { get; }

    public MigrationRunnerOptions Options { get; }

    public PostgresVersionTable VersionTable { get; }

    /// <summary>Which version table this is for <see cref="PostgresAtHeadMemo"/>: the connection string, the table and the tenant schema.</summary>
    public string AtHeadMemoKey { get; }

    public NpgsqlConnection CreateConnection() => _createConnection();

    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = _createConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task<DatabaseSession> OpenAsync(CancellationToken cancellationToken) =>
        new PostgresSession(this, await OpenInSchemaAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>A connection that resolves names as the migrations do: in <see cref="Schema"/> when one is set. Close it with <see cref="CloseAsync"/>.</summary>
    public async Task<NpgsqlConnection> OpenInSchemaAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (Schema is null)
        {
            return connection;
        }

        try
        {
            await PostgresSearchPath.EnterAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gives a connection from <see cref="OpenInSchemaAsync"/> back with the connection's own search_path.</summary>
    public async ValueTask CloseAsync(NpgsqlConnection connection)
    {
        if (Schema is not null)
        {
            await PostgresSearchPath.LeaveAsync(connection).ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    public override ScriptDialect CreateScriptDialect() => new PostgresScriptDialect(VersionTable, Schema);

    /// <summary>
    /// <see cref="IsAtHead(AtHeadFingerprint, bool, out DatabaseSession?)"/> for an asynchronous caller: the same
    /// first read through the asynchronous API (the session's own <see cref="PostgresSession.ReadUnlessAtHeadAsync"/>),
    /// so an awaited <c>UpgradeHeadAsync()</c> at head builds no engine either. Not with a tenant schema: null.
    /// </summary>
    public override Task<(bool AtHead, DatabaseSession? Opened)>? IsAtHeadAsync(AtHeadFingerprint expected, CancellationToken cancellationToken) =>
        Schema is null ? AskAsync(expected, cancellationToken) : null;

    private async Task<(bool AtHead, DatabaseSession? Opened)> AskAsync(AtHeadFingerprint expected, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = new PostgresSession(this, connection);
            if (await session.ReadUnlessAtHeadAsync(expected, cancellationToken).ConfigureAwait(false) is not { } snapshot)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return (true, null);
            }

            session.PrimeFirstRead(snapshot);
            return (false, session);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override bool? IsAtHead(AtHeadFingerprint expected, bool callerIsAsync)
    {
        var answer = IsAtHead(expected, callerIsAsync, out var opened);
        opened?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return answer;
    }

    /// <summary>
    /// For a synchronous caller: the engine's own first read (<see cref="PostgresSession.ReadUnlessAtHead"/>, one
    /// statement) on a connection opened synchronously, so a start at head never enters the asynchronous core or
    /// the driver's asynchronous paths. Not at head, the session is handed over with what it read: the engine goes
    /// on from it without a second round trip. Errors are the engine's own (a server that cannot be reached, a
    /// statement that fails), thrown as it would throw them, so a failing connection is not tried twice.
    /// Asynchronous callers, and a tenant <see cref="Schema"/> (whose session first sets search_path), take the
    /// engine as before: null.
    /// </summary>
    public override bool? IsAtHead(AtHeadFingerprint expected, bool callerIsAsync, out DatabaseSession? opened)
    {
        opened = null;
        if (callerIsAsync || Schema is not null)
        {
            return null;
        }

        var connection = _createConnection();
        try
        {
            connection.Open();
            var session = new PostgresSession(this, connection);
            if (session.ReadUnlessAtHead(expected) is not { } snapshot)
            {
                connection.Dispose();
                return true;
            }

            session.PrimeFirstRead(snapshot);
            opened = session;
            return false;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The advisory lock key; without a configured schema it depends on the server's current schema, asked once.</summary>
    public async Task<long> LockKeyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _lockKey) is { } known)
        {
            return known.Value;
        }

        var schema = VersionTable.Schema;
        if (schema is null)
        {
            await using var command = new NpgsqlCommand("SELECT pg_catalog.current_schema()::text, pg_catalog.current_setting('search_path')", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            schema = reader.IsDBNull(0)
                ? throw new VersionTableException(
                    VersionTable.Name,
                    $"{Description} has no schema to hold the version table: no schema on its search_path ({reader.GetString(1)}) exists.",
                    "Create one, fix search_path, or set MigrationRunnerOptions.VersionTableSchema.",
                    new[] { new Remedy(RemedyKind.SetVersionTableSchema, When: "or create a schema on the search_path, or fix search_path") })
                : reader.GetString(0);
        }

        var key = PostgresLockKey.For(schema, VersionTable.Table);
        Volatile.Write(ref _lockKey, new StrongBox<long>(key));
        return key;
    }
}
