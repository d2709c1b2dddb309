using System;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Planning;
using Npgsql;

namespace MigrationChain.Postgres;

/// <summary>Creating the version table, and bringing one an older runner created to the current shape.</summary>
internal sealed partial class PostgresSession
{
    public override async Task EnsureVersionTableAsync(CancellationToken cancellationToken)
    {
        if (_versionTableSeen && _currentShape)
        {
            return;
        }

        if (!_versionTableSeen)
        {
            await CreateVersionTableAsync(cancellationToken).ConfigureAwait(false);

            // CREATE TABLE IF NOT EXISTS keeps a table that appeared since the read, which an older runner may have made.
            _currentShape = ColumnExists(null, VersionTable.Name, RecordedByColumn.Name);
        }

        if (!_currentShape)
        {
            await AddMissingColumnsAsync(cancellationToken).ConfigureAwait(false);
        }

        _versionTableSeen = true;
    }

    private async Task CreateVersionTableAsync(CancellationToken cancellationToken)
    {
        try
        {
            // CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists: ask first.
            if (VersionTable.Schema is not null && !await SchemaExistsAsync(VersionTable.Schema, cancellationToken).ConfigureAwait(false))
            {
                await using var createSchema = Command(null, VersionTable.CreateSchema);
                await createSchema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (_provider.Schema is not null)
                {
                    _provider.Options.Listener?.OnNotice($"Created the schema {VersionTable.QuotedSchema}, which did not exist.");
                }
            }

            await using var create = Command(null, VersionTable.Create);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw new VersionTableException(
                VersionTable.Name,
                $"Could not create the version table {VersionTable.Name} in {_provider.Description}: {e.MessageText}." +
                (e.SqlState == PostgresErrorCodes.InvalidSchemaName ? " No schema on the search_path exists." : string.Empty),
                e.SqlState == PostgresErrorCodes.InvalidSchemaName
                    ? "Create one or set MigrationRunnerOptions.VersionTableSchema."
                    : "Create it (or its schema) as a user who may, or set MigrationRunnerOptions.VersionTableSchema to a schema this user can create tables in.",
                new[] { new Remedy(RemedyKind.SetVersionTableSchema, When: e.SqlState == PostgresErrorCodes.InvalidSchemaName ? "or create a schema on the search_path" : "to a schema this user can create tables in, or create the table (or its schema) as a user who may") },
                e);
        }
    }

    /// <summary>
    /// A table an older runner created lacks <c>recorded_by</c>: added under the run lock, in its own statement
    /// (IF NOT EXISTS all the same); the rows already there keep NULL.
    /// </summary>
    private async Task AddMissingColumnsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var alter = Command(null, VersionTable.AddRecordedBy);
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new VersionTableException(
                VersionTable.Name,
                $"The version table {VersionTable.Name} in {_provider.Description} was created by an older MigrationChain and " +
                $"lacks the recorded_by column, which this user may not add ({e.MessageText}). Have the table's owner run: " +
                $"{VersionTable.AddRecordedBy}; then run again.",
                e);
        }

        _currentShape = true;
    }
}
