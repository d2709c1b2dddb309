using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Sql;
using Npgsql;
using NpgsqlTypes;

namespace MigrationChain.Postgres;

/// <summary>
/// Names the sessions that hold a lock a statement needs: pid, application_name, query start and state, from
/// pg_locks joined with pg_stat_activity. Asked after the statement gave up (its lock request is gone by then, so
/// pg_blocking_pids has nothing to report); the relation and mode come from the shared SQL lock reading, and only
/// holders whose mode conflicts with the statement's are named.
/// </summary>
internal static class PostgresLockBlockers
{
    public const string NoneFound = "no session holding a conflicting lock was found (it has finished meanwhile)";

    private const string Query = """
        SELECT l.pid, a.application_name, a.query_start, a.state, l.mode, c.relname, a.xact_start
        FROM pg_catalog.pg_locks l
        JOIN pg_catalog.pg_class c ON c.oid = l.relation
        LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.pid <> pg_catalog.pg_backend_pid()
          AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
          AND l.relation = ANY (SELECT pg_catalog.to_regclass(name) FROM pg_catalog.unnest($1::text[]) AS name)
        ORDER BY a.xact_start NULLS LAST, l.pid
        """;

    /// <summary>The sessions blocking <paramref name="statement"/>, one line each; <see cref="NoneFound"/> when there are none.</summary>
    public static async Task<string> DescribeAsync(NpgsqlConnection connection, string? statement, CancellationToken cancellationToken)
    {
        var wanted = statement is null
            ? new List<StatementLock>()
            : SqlLockReading.Read(statement).Where(l => l.Relation is not null && l.Mode != PostgresLockMode.None).ToList();
        if (wanted.Count == 0)
        {
            return "the statement's table could not be read from its SQL, so its blockers are unknown";
        }

        try
        {
            await using var command = new NpgsqlCommand(Query, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = wanted.Select(l => l.Relation!.Text).Distinct().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var blockers = new List<string>();
            var seen = new HashSet<int>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var held = SqlLockReading.Parse(reader.GetString(4));
                var relation = reader.GetString(5);
                var requested = wanted.Where(l => string.Equals(Last(l.Relation!.Plain), relation, StringComparison.Ordinal)).Select(l => l.Mode).DefaultIfEmpty(PostgresLockMode.AccessExclusive).Max();
                var pid = reader.GetInt32(0);
                if (held is { } mode && SqlLockReading.Conflicts(requested, mode) && seen.Add(pid))
                {
                    blockers.Add(Describe(reader, pid));
                }
            }

            return blockers.Count == 0 ? NoneFound : string.Join("; ", blockers);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            return $"its blockers could not be read ({e.Message})";
        }
    }

    private static string Describe(DbDataReader reader, int pid)
    {
        var application = reader.IsDBNull(1) || reader.GetString(1).Length == 0 ? "(none)" : $"'{reader.GetString(1)}'";
        var queryStart = reader.IsDBNull(2) ? "unknown" : Time(reader.GetFieldValue<DateTimeOffset>(2));
        var state = reader.IsDBNull(3) ? "unknown" : reader.GetString(3);
        return $"pid {pid.ToString(CultureInfo.InvariantCulture)} (application_name {application}, query start {queryStart}, state {state}, " +
               $"holding {reader.GetString(4)} on {reader.GetString(5)})";
    }

    private static string Last(string plain) => plain[(plain.LastIndexOf('.') + 1)..];

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
