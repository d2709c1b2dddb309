using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Execution;
using MigrationChain.Sql;
using Npgsql;
using NpgsqlTypes;

namespace MigrationChain.Postgres;

/// <summary>
/// An interrupted <c>CREATE INDEX CONCURRENTLY</c> (its session killed, the server restarted) leaves the index behind,
/// marked INVALID in <c>pg_index.indisvalid</c>: never used by queries, still maintained on every write, and in the way
/// of the migration's next attempt ("relation already exists"). When a non-transactional migration fails that way on
/// an INVALID index, this says so and, with <see cref="RunOptions.RetryInterrupted"/>, drops it (concurrently, so the
/// table stays writable) for the migration to build again. A valid index of that name is never touched.
/// </summary>
internal sealed class InvalidIndexRecovery
{
    private string? _dropped;

    public static bool IsAlreadyExists(MigrationFailedException failure) =>
        failure.InnerException is PostgresException { SqlState: PostgresErrorCodes.DuplicateTable };

    /// <summary>
    /// Returns true when it dropped the INVALID index the failed statement creates, so the step runs again; throws a
    /// failure naming the index when it is INVALID but retrying was not asked for (or the rebuild failed the same way);
    /// returns false when the index is not INVALID, leaving the original failure to stand.
    /// </summary>
    public async Task<bool> TryRecoverAsync(DatabaseSession session, MigrationFailedException failure, bool retryInterrupted, MigrationListener? listener, CancellationToken cancellationToken)
    {
        var index = failure.Statement is null
            ? null
            : SqlStatementClassifier.ClassifyAll(failure.Statement, SqlDialect.Postgres).FirstOrDefault(s => s.Kind == SqlStatementKind.CreateIndex)?.Index;
        if (index is null || session.Connection is not NpgsqlConnection connection ||
            await InvalidIndexAsync(connection, index.Plain, cancellationToken).ConfigureAwait(false) is not { } invalid)
        {
            return false;
        }

        if (!retryInterrupted || string.Equals(_dropped, invalid, StringComparison.Ordinal))
        {
            throw new MigrationFailedException(
                failure.Revision, failure.Direction, failure.Statement, failure.InnerException!, failure.Cause,
                $"The index {invalid} exists but is INVALID (pg_index.indisvalid = false): an earlier CREATE INDEX CONCURRENTLY " +
                "was interrupted before it finished. Queries do not use it, yet every write maintains it. Run again with " +
                "RetryInterrupted = true to drop it and build it again, or DROP INDEX CONCURRENTLY it by hand.");
        }

        _dropped = invalid;
        listener?.OnWarning($"'{failure.Revision}': dropping the INVALID index {invalid} left by an interrupted CREATE INDEX CONCURRENTLY, to build it again.");
        await using var drop = new NpgsqlCommand($"DROP INDEX CONCURRENTLY IF EXISTS {invalid}", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The index's quoted, qualified name when it exists and is INVALID; null otherwise.</summary>
    private static async Task<string?> InvalidIndexAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT i.indexrelid::pg_catalog.regclass::text FROM pg_catalog.pg_index i WHERE i.indexrelid = pg_catalog.to_regclass($1) AND NOT i.indisvalid",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
