using System.Collections.Generic;
using System.Globalization;
using MigrationChain.Execution;
using MigrationChain.Sql;

namespace MigrationChain.Postgres;

/// <summary>
/// PostgreSQL bookkeeping for offline scripts: the runners' advisory lock around the whole script (psql holds it
/// for its session, so app instances starting meanwhile wait instead of migrating underneath it), the same version
/// table and row writes as the live runner, and per-migration timeouts as SET LOCAL.
/// </summary>
internal sealed class PostgresScriptDialect : ScriptDialect
{
    private readonly PostgresVersionTable _table;
    private readonly string _lockKey;
    private readonly string? _schema;

    public PostgresScriptDialect(PostgresVersionTable table, string? schema = null)
    {
        _table = table;
        _schema = schema;

        // Without a configured schema only the server knows which one search_path picks: let it compute the key.
        _lockKey = table.Schema is null
            ? PostgresLockKey.Sql("pg_catalog.current_schema()", table.Table)
            : PostgresLockKey.For(table.Schema, table.Table).ToString(CultureInfo.InvariantCulture);
    }

    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override string HowToRun =>
        "Run it with: psql -v ON_ERROR_STOP=1 -f <this file> (without --single-transaction: each migration commits on its own, as the runner does).";

    public override string BeginTransaction => "BEGIN";

    public override string CommitTransaction => "COMMIT";

    public override IEnumerable<string> Prologue(bool createVersionTable)
    {
        yield return "-- The runners' lock: app instances wait while this script runs; psql releases it when it exits.";
        yield return $"SELECT pg_catalog.pg_advisory_lock({_lockKey})";
        if (createVersionTable)
        {
            if (_table.Schema is not null)
            {
                yield return _table.CreateSchema;
            }

            yield return _table.Create;

            // The state the runner's no-ops compare (PostgresVersionState), set up exactly as the runner does.
            yield return PostgresVersionState.Arm(_table);
        }

        if (_schema is not null)
        {
            // As the runner does: the session's setting, so it holds inside and between the script's transactions.
            yield return $"SET search_path TO {PostgresNames.Quote(_schema, "schema")}";
        }
    }

    public override IEnumerable<string> Epilogue()
    {
        if (_schema is not null)
        {
            yield return "RESET search_path";
        }

        yield return $"SELECT pg_catalog.pg_advisory_unlock({_lockKey})";
    }

    public override IEnumerable<string> Limit(StepLimits limits, bool inTransaction)
    {
        var set = inTransaction ? "SET LOCAL" : "SET";
        if (limits.StatementTimeout is { } statement)
        {
            yield return $"{set} statement_timeout = {Milliseconds(statement)}";
        }

        if (limits.LockTimeout is { } lockWait)
        {
            yield return $"{set} lock_timeout = {Milliseconds(lockWait)}";
        }
    }

    public override IEnumerable<string> UndoLimit(StepLimits limits)
    {
        if (limits.StatementTimeout is not null)
        {
            yield return "RESET statement_timeout";
        }

        if (limits.LockTimeout is not null)
        {
            yield return "RESET lock_timeout";
        }
    }

    public override string MarkRunning(string revision, IReadOnlyList<string> parents, string? checksum) => Row(revision, parents, "running", checksum);

    public override string RecordApplied(string revision, IReadOnlyList<string> parents, string? checksum) => Row(revision, parents, "applied", checksum);

    public override string Forget(string revision) => _table.Delete(PostgresNames.Literal(revision));

    private string Row(string revision, IReadOnlyList<string> parents, string state, string? checksum) => _table.Upsert(
        PostgresNames.Literal(revision), PostgresNames.Literal(string.Join(" ", parents)), PostgresNames.Literal(state), "now()", "0",
        checksum is null ? "NULL" : PostgresNames.Literal(checksum));

    private static string Milliseconds(TimeLimit limit) =>
        ((long)limit.Value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
