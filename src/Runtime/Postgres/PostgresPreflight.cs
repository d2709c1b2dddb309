using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Sql;
using Npgsql;
using NpgsqlTypes;

namespace MigrationChain.Postgres;

/// <summary>
/// What pending migrations would lock, for <see cref="MigrationRunner.Plan()"/>: their statements (recorded offline, as
/// a script would send them), read by the shared SQL lock reading, and the live facts about every table they touch,
/// all in one catalog query that waits for no migration (pg_class, pg_total_relation_size, pg_locks with
/// pg_stat_activity). The lock policy's verdict is decided here once, for the plan and for the run
/// (<see cref="LiveLockPolicy"/>, which reads the statements as they are sent instead).
/// </summary>
internal static class PostgresPreflight
{
    private const string FactsQuery = """
        SELECT r.i, c.reltuples::bigint, pg_catalog.pg_total_relation_size(c.oid), l.mode, l.pid, a.application_name, a.query_start, a.state
        FROM pg_catalog.unnest($1::text[]) WITH ORDINALITY AS r(name, i)
        LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(r.name)
        LEFT JOIN pg_catalog.pg_locks l ON l.relation = c.oid AND l.locktype = 'relation' AND l.pid <> pg_catalog.pg_backend_pid()
        LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
        """;

    public static async Task<List<StatementLockPlan>> PlanAsync(
        NpgsqlConnection connection, IEnumerable<MigrationDefinition> definitions, MigrationRunnerOptions options, CancellationToken cancellationToken)
    {
        var read = new List<(MigrationDefinition Definition, string Sql, StatementLock? Lock)>();
        foreach (var definition in definitions)
        {
            foreach (var sql in Statements(definition, cancellationToken))
            {
                var locks = SqlLockReading.Read(sql);
                if (locks.Count == 0)
                {
                    read.Add((definition, sql, null));
                }

                read.AddRange(locks.Select(l => (definition, sql, (StatementLock?)l)));
            }
        }

        var names = read.Where(r => r.Lock?.Relation is not null).Select(r => r.Lock!.Relation!.Text).Distinct(StringComparer.Ordinal).ToArray();
        var facts = await FactsAsync(connection, names, cancellationToken).ConfigureAwait(false);
        return read.ConvertAll(r => Judge(r.Definition, r.Sql, r.Lock, r.Lock?.Relation is { } name ? facts[Array.IndexOf(names, name.Text)] : null, options));
    }

    /// <summary>The statements a migration would send, recorded without a database; a data migration's own commands are not among them.</summary>
    public static List<string> Statements(MigrationDefinition definition, CancellationToken cancellationToken)
    {
        var executor = new OfflineExecutor(SqlDialect.Postgres, definition.Transactional);
        try
        {
            StepExecution.RunMigration(definition, MigrationDirection.Upgrade, executor, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The rest needs the live database (a guard, a data migration), or the migration's code throws offline:
            // planned as far as it can be read; the real run reports the migration's own failure.
        }

        return executor.Statements.ToList();
    }

    /// <summary>The lock policy's verdict on one statement's lock, given the live facts about its relation (null: not there yet).</summary>
    public static StatementLockPlan Judge(MigrationDefinition definition, string sql, StatementLock? statementLock, RelationFacts? facts, MigrationRunnerOptions options)
    {
        if (statementLock is null)
        {
            return new StatementLockPlan(definition.Revision, sql, null, "unknown", "unknown", null, null, Array.Empty<string>(), LockVerdict.Allowed, null);
        }

        var blockers = facts?.Holders.Where(h => SqlLockReading.Conflicts(statementLock.Mode, h.Mode)).Select(h => h.Description).Distinct().ToList() ?? new List<string>();
        var work = statementLock.Work.ToString().ToLowerInvariant();
        var verdict = LockVerdict.Allowed;
        string? reason = null;
        var heavy = statementLock.BlocksWrites || statementLock.Work == TableWork.Rewrite;
        if (heavy && facts?.TotalBytes is { } size && size > options.LockSizeThreshold)
        {
            var acknowledgement = definition.Type.GetCustomAttribute<AcknowledgeLockAttribute>();
            if (acknowledgement is not null && !string.IsNullOrWhiteSpace(acknowledgement.Reason))
            {
                verdict = LockVerdict.Acknowledged;
                reason = acknowledgement.Reason;
            }
            else
            {
                verdict = options.LockPolicy == LockPolicy.Refuse ? LockVerdict.Refused : LockVerdict.Warned;
                reason = $"'{definition.Revision}' takes {statementLock.ModeName}{(statementLock.Work == TableWork.Rewrite ? " and rewrites" : string.Empty)} " +
                         $"on {statementLock.Relation!.Text} ({Size(size)}, above MigrationRunnerOptions.LockSizeThreshold {Size(options.LockSizeThreshold)}) in:\n    {sql.Trim()}\n" +
                         "  It blocks the application's writes on that table while it runs. Use the safe recipe in docs/postgres.md " +
                         "(#lock-safety-a-migration-never-stalls-the-application), or acknowledge it on the migration: [AcknowledgeLock(\"why this is acceptable\")].";
            }
        }

        return new StatementLockPlan(definition.Revision, sql, statementLock.Relation?.Text, statementLock.ModeName, work, facts?.Rows, facts?.TotalBytes, blockers, verdict, reason);
    }

    private static async Task<RelationFacts?[]> FactsAsync(NpgsqlConnection connection, string[] names, CancellationToken cancellationToken)
    {
        var facts = new RelationFacts?[names.Length];
        if (names.Length == 0)
        {
            return facts;
        }

        await using var command = FactsCommand(connection, null, names);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            AddFactsRow(reader, facts);
        }

        return facts;
    }

    /// <summary>
    /// The same facts read synchronously on the migration's own connection and transaction, while its Upgrade runs
    /// (which is synchronous); under the step's lock and statement timeouts like any of its statements. Those
    /// (<see cref="PostgresSession.TakeForCatalogRead"/>), when not sent yet, come as <c>sendFirst</c>, in the same round trip.
    /// </summary>
    public static RelationFacts?[] Facts(NpgsqlConnection connection, NpgsqlTransaction? transaction, string[] names, int? commandTimeoutSeconds, CancellationToken cancellationToken, NpgsqlBatchCommand? sendFirst = null)
    {
        var facts = new RelationFacts?[names.Length];
        using var batch = new NpgsqlBatch(connection, transaction);
        if (sendFirst is not null)
        {
            batch.BatchCommands.Add(sendFirst);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(FactsQuery) { Parameters = { NamesParameter(names) } });
        if (commandTimeoutSeconds is { } timeout)
        {
            batch.Timeout = timeout;
        }

        using var cancel = cancellationToken.Register(static b => ((NpgsqlBatch)b!).Cancel(), batch);
        using var reader = batch.ExecuteReader();
        if (sendFirst is not null)
        {
            reader.NextResult();
        }

        while (reader.Read())
        {
            AddFactsRow(reader, facts);
        }

        return facts;
    }

    private static NpgsqlCommand FactsCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string[] names)
    {
        var command = new NpgsqlCommand(FactsQuery, connection, transaction);
        command.Parameters.Add(NamesParameter(names));
        return command;
    }

    private static NpgsqlParameter NamesParameter(string[] names) => new() { Value = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static void AddFactsRow(NpgsqlDataReader reader, RelationFacts?[] facts)
    {
        var i = (int)reader.GetInt64(0) - 1;
        if (reader.IsDBNull(2))
        {
            return; // not there yet: a table this chain creates
        }

        // reltuples is -1 until the table is first vacuumed or analyzed: unknown, never reported as 0.
        var rows = reader.GetInt64(1);
        facts[i] ??= new RelationFacts(rows < 0 ? null : rows, reader.GetInt64(2), new List<(PostgresLockMode, string)>());
        if (!reader.IsDBNull(3) && SqlLockReading.Parse(reader.GetString(3)) is { } mode)
        {
            var application = reader.IsDBNull(5) || reader.GetString(5).Length == 0 ? "(none)" : $"'{reader.GetString(5)}'";
            var since = reader.IsDBNull(6) ? "unknown" : reader.GetFieldValue<DateTimeOffset>(6).ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var state = reader.IsDBNull(7) ? "unknown" : reader.GetString(7);
            facts[i]!.Holders.Add((mode, $"pid {reader.GetInt32(4).ToString(CultureInfo.InvariantCulture)} (application_name {application}, query start {since}, state {state}, holding {reader.GetString(3)})"));
        }
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " kB";

    internal sealed record RelationFacts(long? Rows, long TotalBytes, List<(PostgresLockMode Mode, string Description)> Holders);
}
