using System;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace MigrationChain.Postgres;

/// <summary>
/// Runners' mutual exclusion on PostgreSQL: a session-level advisory lock keyed by the version table, held on a
/// connection of its own for the whole run. Being on its own connection and outside any transaction, it can never
/// deadlock with a migration's transaction or with a non-transactional <c>CREATE INDEX CONCURRENTLY</c> (which waits
/// for every older transaction to end). Waiters poll <c>pg_try_advisory_lock</c> outside any transaction, so they
/// hold nothing while they wait. The server drops the lock when its session ends, so a dead runner never leaves one.
/// </summary>
internal sealed class PostgresRunLock : IAsyncDisposable
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(200);

    private readonly PostgresProvider _provider;
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private PostgresRunLock(PostgresProvider provider, NpgsqlConnection connection, long key)
    {
        _provider = provider;
        _connection = connection;
        _key = key;
        IsHeld = true;
    }

    public bool IsHeld { get; private set; }

    /// <summary>Waits for the lock up to <see cref="MigrationRunnerOptions.LockTimeout"/>, telling the listener who holds it.</summary>
    public static async Task<PostgresRunLock> AcquireAsync(PostgresProvider provider, CancellationToken cancellationToken)
    {
        var connection = await provider.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = await provider.LockKeyAsync(connection, cancellationToken).ConfigureAwait(false);
            var timeout = provider.Options.LockTimeout;
            var clock = Stopwatch.StartNew();
            var poll = FirstPoll;
            var told = false;
            while (!await TryLockAsync(connection, key, cancellationToken).ConfigureAwait(false))
            {
                if (!told)
                {
                    told = true;
                    provider.Options.Listener?.OnWaitingForLock(await DescribeHolderAsync(connection, key, cancellationToken).ConfigureAwait(false));
                }

                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new MigrationLockTimeoutException(timeout, await DescribeHolderAsync(connection, key, cancellationToken).ConfigureAwait(false));
                }

                // Jitter keeps twenty waiters from polling in step.
                var wait = TimeSpan.FromMilliseconds(poll.TotalMilliseconds * (0.75 + (Random.Shared.NextDouble() / 2)));
                await Task.Delay(wait < left ? wait : left, cancellationToken).ConfigureAwait(false);
                poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
            }

            return new PostgresRunLock(provider, connection, key);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when another session holds the lock of this provider's version table.</summary>
    public static async Task<bool> IsHeldElsewhereAsync(PostgresProvider provider, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var (classId, objId) = PostgresLockKey.Halves(await provider.LockKeyAsync(connection, cancellationToken).ConfigureAwait(false));
        await using var command = new NpgsqlCommand(
            $"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l WHERE {HolderCondition} AND l.pid <> pg_catalog.pg_backend_pid())", connection);
        command.Parameters.Add(new NpgsqlParameter<uint> { TypedValue = classId, NpgsqlDbType = NpgsqlDbType.Oid });
        command.Parameters.Add(new NpgsqlParameter<uint> { TypedValue = objId, NpgsqlDbType = NpgsqlDbType.Oid });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>What a session last sent the server (pg_stat_activity.query), or null when it cannot be seen.</summary>
    public string? LastStatementOf(int pid)
    {
        try
        {
            using var command = new NpgsqlCommand("SELECT query FROM pg_catalog.pg_stat_activity WHERE pid = $1", _connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pid });
            return command.ExecuteScalar() is string { Length: > 0 } query && !query.StartsWith('<') ? query.Trim() : null;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // Only a better error message is lost.
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsHeld)
        {
            return;
        }

        IsHeld = false;
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_catalog.pg_advisory_unlock($1)", _connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _key });
            if (!(bool)(await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!)
            {
                _provider.Options.Listener?.OnWarning(
                    "The migration lock was not held by the server session that released it: a transaction-pooling proxy " +
                    "(such as PgBouncer with pool_mode=transaction) is between the runner and PostgreSQL, so the lock did not " +
                    "protect this run. Point the runner at a direct or session-pooled connection (see docs/postgres.md).");
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The connection is broken, so its server session is gone, and the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Matches the lock in pg_locks: a bigint advisory key shows its halves in classid and objid, with objsubid 1.
    private const string HolderCondition =
        "l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = $1 AND l.objid = $2 " +
        "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())";

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_catalog.pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Who holds the lock: pid, application_name, user, client and since when, from pg_locks and pg_stat_activity.
    /// The server does not record when a lock was granted; a session takes it in some statement, so it has held it
    /// since its last statement started or earlier. Null when the holder let go meanwhile.
    /// </summary>
    private static async Task<string?> DescribeHolderAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        var (classId, objId) = PostgresLockKey.Halves(key);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT a.pid, a.application_name, a.usename::text, host(a.client_addr), a.backend_start, a.query_start
            FROM pg_catalog.pg_locks l
            JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            WHERE {HolderCondition}
            LIMIT 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<uint> { TypedValue = classId, NpgsqlDbType = NpgsqlDbType.Oid });
        command.Parameters.Add(new NpgsqlParameter<uint> { TypedValue = objId, NpgsqlDbType = NpgsqlDbType.Oid });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var pid = reader.GetInt32(0);
        var application = reader.IsDBNull(1) || reader.GetString(1).Length == 0 ? "(none)" : $"'{reader.GetString(1)}'";
        var user = reader.IsDBNull(2) ? "(hidden)" : $"'{reader.GetString(2)}'";
        var client = reader.IsDBNull(3) ? "local socket" : reader.GetString(3);
        var connected = reader.IsDBNull(4) ? null : Time(reader.GetFieldValue<DateTimeOffset>(4));
        var since = reader.IsDBNull(5) ? null : Time(reader.GetFieldValue<DateTimeOffset>(5));
        return $"pid {pid} (application_name {application}, user {user}, client {client}" +
               (connected is null ? ")" : $", connected since {connected})") +
               (since is null ? string.Empty : $", which has held it since {since} or earlier");
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
