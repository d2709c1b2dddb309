using System;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace MigrationChain.Postgres;

/// <summary>
/// Puts a connection in a tenant's schema (<see cref="MigrationRunnerOptions.Schema"/>) and takes it out again.
/// The setting is the session's (<c>set_config(..., false)</c>), made outside any transaction when the connection
/// opens: it then holds for reads, guards, every migration of a one-transaction run and non-transactional steps
/// alike, and a migration rolled back (or retried after a lock timeout) cannot take it with it, as it would a
/// <c>SET LOCAL</c>. Leaving resets it to the connection's own value (its connection string's <c>Search Path</c>, or
/// the role's default), so a pooled connection never carries one tenant's path to the next user.
/// </summary>
internal static class PostgresSearchPath
{
    public static async Task EnterAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        // Only the tenant: pg_catalog is searched first anyway, and a name the tenant lacks must fail, not resolve
        // to a shared table of the same name in public.
        await using var command = new NpgsqlCommand("SELECT pg_catalog.set_config('search_path', $1, false)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresNames.Quote(schema, "schema"), NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task LeaveAsync(NpgsqlConnection connection)
    {
        if (connection.State != ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var command = new NpgsqlCommand("RESET search_path", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // A broken connection is not reused; one in a failed transaction is rolled back and, unless the
            // connection string says No Reset On Close, reset by the pool as it returns.
        }
    }
}
