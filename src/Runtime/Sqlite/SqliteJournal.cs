using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MigrationChain.Sqlite;

/// <summary>
/// The journal and synchronous settings a run writes under. A database the runner creates gets WAL (fewer disk
/// flushes per commit, readers never block the writer), as EF Core does, and the listener hears about it; an
/// existing database keeps its journal mode unless <see cref="MigrationRunnerOptions.SqliteJournalMode"/> asks
/// for another: a user's database is never changed silently. <c>synchronous</c> is the connection's own setting,
/// not stored in the file: NORMAL in WAL mode (a commit survives the application crashing; a power loss can undo the
/// last commits, never half of one), FULL with a rollback journal (a commit survives a power loss).
/// </summary>
internal static class SqliteJournal
{
    public static async Task ApplyAsync(SqliteConnection connection, SqliteProvider provider, CancellationToken cancellationToken)
    {
        if (provider.IsInMemory)
        {
            return;
        }

        var current = await PragmaAsync(connection, "PRAGMA journal_mode", cancellationToken).ConfigureAwait(false);
        var wanted = provider.JournalMode is { } asked
            ? asked.ToString().ToLowerInvariant()
            : await PragmaAsync(connection, "PRAGMA page_count", cancellationToken).ConfigureAwait(false) == "0" ? "wal" : null;
        if (wanted is not null && !string.Equals(current, wanted, StringComparison.OrdinalIgnoreCase))
        {
            var before = current;
            current = await PragmaAsync(connection, $"PRAGMA journal_mode = {wanted}", cancellationToken).ConfigureAwait(false);
            if (string.Equals(current, wanted, StringComparison.OrdinalIgnoreCase))
            {
                provider.Listener?.OnNotice(provider.JournalMode is null
                    ? $"{provider.Description} is new: it was put in WAL journal mode (faster commits; readers do not block the writer), " +
                      "which is stored in the file (docs/sqlite.md, 'Journal mode and durability', says how to keep another)."
                    : $"{provider.Description} was switched from {before.ToUpperInvariant()} to {wanted.ToUpperInvariant()} journal mode " +
                      "as configured; the mode is stored in the file.");
            }
        }

        var synchronous = string.Equals(current, "wal", StringComparison.OrdinalIgnoreCase) ? "NORMAL" : "FULL";
        await PragmaAsync(connection, $"PRAGMA synchronous = {synchronous}", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> PragmaAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
