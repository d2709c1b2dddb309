using System;
using System.Collections.Generic;
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
            await InvalidIndexesAsync(connection, index.Plain, cancellationToken).ConfigureAwait(false) is not [var found, ..])
        {
            return false;
        }

        var invalid = found.Index;
        if (!retryInterrupted || string.Equals(_dropped, invalid, StringComparison.Ordinal))
        {
            throw new MigrationFailedException(
                failure.Revision, failure.Direction, failure.Statement, failure.InnerException!, failure.Cause,
                $"The index {invalid} on table {found.Table} exists but is INVALID (pg_index.indisvalid = false): an earlier CREATE INDEX CONCURRENTLY " +
                "was interrupted before it finished. Queries do not use it, yet every write maintains it. Run again with " +
                $"RetryInterrupted = true to drop it and build it again, or DROP INDEX CONCURRENTLY {invalid} by hand.");
        }

        _dropped = invalid;
        listener?.OnWarning($"'{failure.Revision}': dropping the INVALID index {invalid} left by an interrupted CREATE INDEX CONCURRENTLY, to build it again.");
        await using var drop = new NpgsqlCommand($"DROP INDEX CONCURRENTLY IF EXISTS {invalid}", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The refusal to run after an interrupted non-transactional migration, naming the INVALID indexes such an
    /// interruption leaves (their tables, and how <see cref="RunOptions.RetryInterrupted"/> deals with them); null
    /// when the database has none, so the refusal stands as it is. Called only when no runner is inside a
    /// non-transactional step (the engine waits for one that is), so an index being built by the chain is not mistaken
    /// for a leftover; one a person is building by hand at that moment would be listed too.
    /// </summary>
    public static async Task<DatabaseStateException?> ExplainInterruptedAsync(PostgresProvider provider, DatabaseStateException refused, CancellationToken cancellationToken)
    {
        // In the tenant's schema (MigrationRunnerOptions.Schema): only that schema's INVALID indexes are this chain's.
        var connection = await provider.OpenInSchemaAsync(cancellationToken).ConfigureAwait(false);
        List<(string Index, string Table)> invalid;
        try
        {
            invalid = await InvalidIndexesAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await provider.CloseAsync(connection).ConfigureAwait(false);
        }

        if (invalid.Count == 0)
        {
            return null;
        }

        var names = string.Join(", ", invalid.Select(i => $"{i.Index} on table {i.Table}"));
        var them = invalid.Count == 1 ? "it" : "them";
        var situation = refused.Situation +
            $" The database has {(invalid.Count == 1 ? "an INVALID index" : "INVALID indexes")} (pg_index.indisvalid = false), as an interrupted " +
            $"CREATE INDEX CONCURRENTLY leaves: {names}. Queries do not use {them}, yet every write maintains {them}, and " +
            "running the migration again as it is would fail on \"already exists\".";
        var remedyInCSharp = "Run again with RetryInterrupted = true: an INVALID index the migration creates is dropped " +
            "(DROP INDEX CONCURRENTLY, the table stays writable) and built again. " + refused.Message[refused.Situation.Length..].Trim();
        var remedies = new List<Remedy>
        {
            new(RemedyKind.RetryInterrupted, refused.Revisions.Count > 0 ? refused.Revisions[0] : null, $"to drop the INVALID {(invalid.Count == 1 ? "index " : "indexes ")}{names} and build {them} again, run it again"),
        };
        remedies.AddRange(refused.Remedies.Where(r => r.Kind != RemedyKind.RetryInterrupted));
        return new DatabaseStateException(refused.Problem, refused.Revisions, situation, remedyInCSharp, remedies);
    }

    /// <summary>
    /// INVALID indexes (quoted, qualified as regclass prints them) with their tables: the one named
    /// <paramref name="name"/>, or all of them in the schemas on the search_path (this chain's, not another tenant's) when null.
    /// </summary>
    private static async Task<List<(string Index, string Table)>> InvalidIndexesAsync(NpgsqlConnection connection, string? name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT i.indexrelid::pg_catalog.regclass::text, i.indrelid::pg_catalog.regclass::text FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT i.indisvalid AND ($1::text IS NULL OR i.indexrelid = pg_catalog.to_regclass($1))
              AND ($1::text IS NOT NULL OR n.nspname = ANY (pg_catalog.current_schemas(false)))
            ORDER BY 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var found = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add((reader.GetString(0), reader.GetString(1)));
        }

        return found;
    }
}
