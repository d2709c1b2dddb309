using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Planning;
using MigrationChain.Sqlite;

namespace MigrationChain.Cli.Backups;

/// <summary>What a restore did: the revisions the database records now, and where a damaged file was put aside.</summary>
internal sealed record RestoreResult(IReadOnlyList<string> Revisions, bool HasVersionTable, string? DamagedKeptAs, string? BackupOfReplaced);

/// <summary>
/// Puts a backup back in place of a SQLite database, in an order that cannot lose the database: the backup is copied
/// and the copy checked (<c>PRAGMA integrity_check</c>) before anything of the database is touched; the copy is then
/// written into the database through SQLite's backup API, which takes the database's own locks (so it waits for, or
/// refuses, a runner or an application writing it) and writes through its journal or WAL, so its <c>-wal</c> and
/// <c>-shm</c> stay consistent. A leftover <c>-wal</c> beside a database file that is gone is deleted first: SQLite
/// would replay it into the restored file.
/// </summary>
internal static class SqliteRestore
{
    /// <summary>
    /// Restores <paramref name="backup"/> into the database; with <paramref name="backUpFirst"/> the database being
    /// replaced is backed up first (as the runner does before a run), so restoring the wrong backup can be undone.
    /// </summary>
    public static async Task<RestoreResult> RunAsync(string backup, DatabaseAddress database, string versionTable, TimeSpan lockTimeout, bool backUpFirst, CancellationToken cancellationToken)
    {
        var target = database.FilePath!;
        var copy = $"{target}.restoring-{Guid.NewGuid():N}";
        try
        {
            VerifiedCopy(backup, copy);
            var (revisions, hasVersionTable) = await RecordedAsync(copy, versionTable, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            // A runner between the steps of a non-transactional migration holds this file; its work must not be overwritten.
            await using var runnerLock = await AcquireRunnerLockAsync(target, lockTimeout, cancellationToken).ConfigureAwait(false);
            string? damagedKeptAs = null;
            string? backupOfReplaced = null;
            if (!File.Exists(target))
            {
                RemoveStaleCompanions(target);
                CopyInto(copy, target, lockTimeout);
            }
            else if (!SqliteHeader.IsSqlite(target))
            {
                damagedKeptAs = ReplaceDamaged(copy, target);
            }
            else
            {
                backupOfReplaced = backUpFirst ? BackUp(target, lockTimeout) : null;
                try
                {
                    CopyInto(copy, target, lockTimeout);
                }
                catch (Exception) when (backupOfReplaced is not null)
                {
                    // The database was not replaced (the backup API rolls back), so its backup is only clutter.
                    File.Delete(backupOfReplaced);
                    throw;
                }
            }

            return new RestoreResult(revisions, hasVersionTable, damagedKeptAs, backupOfReplaced);
        }
        finally
        {
            foreach (var file in new[] { copy, copy + "-journal", copy + "-wal", copy + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Copies the backup (with its WAL, if one is beside it) into a new file and checks the copy; the backup itself is only read.</summary>
    private static void VerifiedCopy(string backup, string copy)
    {
        if (!SqliteHeader.IsSqlite(backup))
        {
            throw new CliException(ExitCodes.Usage, $"'{backup}' is not a SQLite database; nothing was changed.",
                "Name a backup the runner wrote (app.db.<time>.bak), or another copy of the database file.");
        }

        // Opening the backup itself, even read-only, would write a -shm (and -wal) beside it: copy the files instead.
        // A -wal beside the backup is part of it (the backup was opened in WAL mode since); its -shm is only an index.
        File.Copy(backup, copy);
        if (File.Exists(backup + "-wal"))
        {
            File.Copy(backup + "-wal", copy + "-wal");
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        connection.Open();
        List<string> problems;
        try
        {
            problems = Strings(connection, "PRAGMA integrity_check");
        }
        catch (SqliteException e)
        {
            problems = new List<string> { e.Message };
        }

        if (problems is not ["ok"])
        {
            throw new CliException(ExitCodes.Failed,
                $"The backup '{backup}' is damaged (PRAGMA integrity_check: {string.Join("; ", problems.Take(5))}); nothing was changed.",
                "Restore an older backup: ls -t " + Path.GetFileName(backup).Split('.')[0] + "*.bak");
        }

        // A backup of a WAL database restores as a WAL database (journal mode is a property of the file); what its
        // -wal held goes into the copy's file now.
        if (Strings(connection, "PRAGMA journal_mode") is ["wal"])
        {
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /// <summary>
    /// The revisions the copy records: read through the runtime's own version-table reader, and reduced to those no
    /// other applied row names as a parent (what 'mchain current' will say; the code's graph is not needed).
    /// </summary>
    private static async Task<(IReadOnlyList<string> Revisions, bool HasVersionTable)> RecordedAsync(string copy, string versionTable, CancellationToken cancellationToken)
    {
        var provider = new SqliteProvider(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString(),
            new MigrationRunnerOptions { VersionTable = versionTable });
        await using var session = await provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await session.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        var applied = snapshot.Rows.Where(r => r.State == VersionRowState.Applied).ToList();
        var parents = applied.SelectMany(r => r.Parents).ToHashSet(StringComparer.Ordinal);
        return (applied.Select(r => r.Revision).Where(r => !parents.Contains(r)).Order(StringComparer.Ordinal).ToList(), snapshot.Exists);
    }

    private static async Task<IAsyncDisposable> AcquireRunnerLockAsync(string target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = SqliteFileLock.PathFor(target);
        var created = !File.Exists(path);
        try
        {
            var held = await SqliteFileLock.AcquireAsync(path, timeout, cancellationToken).ConfigureAwait(false);
            return new LockFile(held, created ? path : null);
        }
        catch (MigrationLockTimeoutException)
        {
            throw new MigrationLockTimeoutException(timeout, SqliteLockHolders.Describe(target) ?? "another runner (a non-transactional migration is running)");
        }
    }

    private static string BackUp(string target, TimeSpan lockTimeout)
    {
        var path = BackupRetention.NewPath(target);
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        source.Open();
        destination.Open();
        Execute(source, $"PRAGMA busy_timeout = {(long)Math.Min(int.MaxValue, lockTimeout.TotalMilliseconds)}");
        try
        {
            source.BackupDatabase(destination);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            destination.Close();
            File.Delete(path);
            throw new MigrationLockTimeoutException(lockTimeout, SqliteLockHolders.Describe(target), e);
        }

        return path;
    }

    /// <summary>The backup API, into the database: waits up to the lock timeout for other connections' locks.</summary>
    private static void CopyInto(string copy, string target, TimeSpan lockTimeout)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        source.Open();
        destination.Open();
        Execute(destination, $"PRAGMA busy_timeout = {(long)Math.Min(int.MaxValue, lockTimeout.TotalMilliseconds)}");
        try
        {
            source.BackupDatabase(destination);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new MigrationLockTimeoutException(lockTimeout, SqliteLockHolders.Describe(target), e);
        }

        // Leave the restored content in the database file itself, not only in its WAL, so a copy of the file is whole.
        if (Strings(destination, "PRAGMA journal_mode") is ["wal"])
        {
            Execute(destination, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /// <summary>A database file SQLite cannot open cannot take the backup API: it is moved aside (kept), and the checked copy put in its place.</summary>
    private static string ReplaceDamaged(string copy, string target)
    {
        if (SqliteLockHolders.Describe(target) is { } holder)
        {
            throw new MigrationLockTimeoutException(TimeSpan.Zero, holder);
        }

        var aside = $"{target}.{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}.damaged";
        File.Move(target, aside);
        foreach (var companion in new[] { "-wal", "-shm", "-journal" })
        {
            if (File.Exists(target + companion))
            {
                File.Move(target + companion, aside + companion);
            }
        }

        File.Move(copy, target);
        return aside;
    }

    /// <summary>Journal files left beside a database file that no longer exists belong to no database; SQLite would apply them to the new one.</summary>
    private static void RemoveStaleCompanions(string target)
    {
        foreach (var companion in new[] { "-wal", "-shm", "-journal" })
        {
            File.Delete(target + companion);
        }
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The runners' lock file, held; deleted on release when this restore created it.</summary>
    private sealed class LockFile : IAsyncDisposable
    {
        private readonly IAsyncDisposable _held;
        private readonly string? _createdPath;

        public LockFile(IAsyncDisposable held, string? createdPath)
        {
            _held = held;
            _createdPath = createdPath;
        }

        public async ValueTask DisposeAsync()
        {
            if (_createdPath is not null)
            {
                File.Delete(_createdPath);
            }

            await _held.DisposeAsync().ConfigureAwait(false);
        }
    }
}
