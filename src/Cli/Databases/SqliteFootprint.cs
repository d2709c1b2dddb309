using System;
using System.Collections.Generic;
using System.IO;
using MigrationChain.Sqlite;

namespace MigrationChain.Cli.Databases;

/// <summary>
/// What a command found of a SQLite database on disk before it ran, so that a command that fails can leave the file
/// system as it found it: opening a missing file creates it (and its journal, WAL and lock file), and a failed
/// run's backup of an unchanged database is only clutter.
/// </summary>
internal sealed class SqliteFootprint
{
    private static readonly string[] Companions = { "-journal", "-wal", "-shm" };

    private readonly string _file;
    private readonly bool _fileExisted;
    private readonly bool _lockFileExisted;

    private SqliteFootprint(string file)
    {
        _file = file;
        _fileExisted = File.Exists(file);
        _lockFileExisted = File.Exists(SqliteFileLock.PathFor(file));
    }

    /// <summary>The footprint of a SQLite database now; null for PostgreSQL.</summary>
    public static SqliteFootprint? Of(DatabaseAddress database) => database.FilePath is null ? null : new SqliteFootprint(database.FilePath);

    /// <summary>
    /// After a failure: deletes what the command created. A database file it created goes with its journal and WAL;
    /// of a database that existed, only the runners' lock file (when new and free) and the backup of a run that changed
    /// nothing. An existing database's journal or WAL is never touched: it may hold another process's work.
    /// </summary>
    public IReadOnlyList<string> Undo(string? backup, bool databaseChanged)
    {
        var deleted = new List<string>();
        if (!_fileExisted)
        {
            foreach (var companion in Companions)
            {
                TryDelete(_file + companion, deleted);
            }

            TryDelete(_file, deleted);
        }

        var lockFile = SqliteFileLock.PathFor(_file);
        if (!_lockFileExisted && File.Exists(lockFile) && !SqliteFileLock.IsHeld(lockFile))
        {
            TryDelete(lockFile, deleted);
        }

        if (backup is not null && (!databaseChanged || !_fileExisted))
        {
            TryDelete(backup, deleted);
        }

        return deleted;
    }

    private static void TryDelete(string path, List<string> deleted)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                deleted.Add(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error being reported matters more than a leftover file.
        }
    }
}
