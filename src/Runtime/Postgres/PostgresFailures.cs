using System;
using System.Data.Common;
using MigrationChain.Execution;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>Reads PostgreSQL errors for the person fixing the migration: timeouts, transaction rules, lost connections.</summary>
internal static class PostgresFailures
{
    public static string? Explain(DbException error, StepLimits limits, int commandTimeoutSeconds)
    {
        if (error is PostgresException postgres)
        {
            return Cause(postgres, limits);
        }

        if (error is NpgsqlException { InnerException: TimeoutException })
        {
            return
                $"The driver gave up waiting for it after its command timeout of {commandTimeoutSeconds} s " +
                "(MigrationRunnerOptions.CommandTimeout, or the connection string's Command Timeout): it timed out. " +
                "Raise the command timeout, or give the migration a server-side StatementTimeoutSeconds, which the driver then waits for.";
        }

        return null;
    }

    private static string? Cause(PostgresException error, StepLimits limits)
    {
        switch (error.SqlState)
        {
            case PostgresErrorCodes.QueryCanceled when error.MessageText.Contains("statement timeout", StringComparison.Ordinal):
                return $"It timed out: the statement ran longer than the statement timeout ({limits.StatementTimeout?.ToString() ?? "the server's statement_timeout setting"}). " +
                       "Make it cheaper (batch a large data change; build a big index CONCURRENTLY in a non-transactional migration), " +
                       "or raise the limit with [Migration(StatementTimeoutSeconds = ...)] or MigrationRunnerOptions.StatementTimeout.";
            case PostgresErrorCodes.QueryCanceled:
                return "Another session cancelled it (pg_cancel_backend), or the server is shutting down.";
            case PostgresErrorCodes.LockNotAvailable when error.MessageText.Contains("lock timeout", StringComparison.Ordinal):
                return $"It timed out waiting for a lock: another session held a lock it needs for longer than the lock timeout ({limits.LockTimeout?.ToString() ?? "the server's lock_timeout setting"}). " +
                       "Find the blocking session (pg_stat_activity, pg_blocking_pids) and run again when it is done, or raise the limit with " +
                       "[Migration(LockTimeoutSeconds = ...)] or MigrationRunnerOptions.StatementLockTimeout.";
            case PostgresErrorCodes.ActiveSqlTransaction:
                return "PostgreSQL cannot run this statement inside a transaction. Declare the migration " +
                       "[Migration(..., Transactional = false)] and make it safe to re-run (IF NOT EXISTS).";
            case PostgresErrorCodes.InFailedSqlTransaction:
                return "An earlier statement of this migration failed and PostgreSQL aborted its transaction, so nothing after it can run. " +
                       "If the migration catches database errors on purpose, wrap the statement that may fail in a SAVEPOINT.";
            case PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow:
                return "Its server session was terminated (pg_terminate_backend, or a server restart).";
            default:
                return null;
        }
    }
}
