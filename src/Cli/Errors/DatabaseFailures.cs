using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Databases;
using Npgsql;

namespace MigrationChain.Cli.Errors;

/// <summary>
/// A database that could not be read, said for what it is: a refused login, a missing PostgreSQL database, a server
/// that cannot be reached, a file the user may not open, a file that is not a SQLite database. Each gets its own
/// advice: telling someone to check a password when the file's permissions are wrong sends them the wrong way.
/// </summary>
internal static class DatabaseFailures
{
    private const int SqliteCannotOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteCorrupt = 11;
    private const int SqliteReadOnly = 8;
    private const int SqlitePermission = 3;

    public static Failure Describe(Exception error, CommandContext context, DatabaseAddress? database)
    {
        var file = database?.FilePath;
        var shown = database?.Display ?? "the database";
        var backups = file is null ? Array.Empty<string>() : Backups.BackupRetention.BackupsOf(file);
        var newestBackup = backups.Count > 0 ? backups[0] : null;
        var restore = file is null ? null
            : "If it is your database and it is damaged, restore a backup: "
              + context.SuggestForDatabase("restore " + (newestBackup is null ? "<backup>" : CommandContext.Quote(newestBackup)), database!);
        switch (error)
        {
            case UnauthorizedAccessException:
            case SqliteException { SqliteErrorCode: SqlitePermission or SqliteReadOnly }:
            case SqliteException { SqliteErrorCode: SqliteCannotOpen } when file is not null && !CanOpen(file):
                return Unreadable("permission", $"permission denied: this user may not open '{file ?? shown}' for reading and writing.",
                    file is null ? "Check the permissions." : $"Check the permissions of the file and its folder (ls -l '{file}' '{Path.GetDirectoryName(file)}'),",
                    "and run mchain as a user who may read and write both (SQLite writes its journal beside the file).");

            case SqliteException { SqliteErrorCode: SqliteCannotOpen }:
                return Unreadable("unreadable", $"SQLite cannot open '{file ?? shown}': {Reason(error)}",
                    "Check that the path names a file (not a folder) and that its folder is writable.");

            case SqliteException { SqliteErrorCode: SqliteNotADatabase }:
                return Unreadable("not-a-database", $"'{file ?? shown}' is not a SQLite database (or it is encrypted).",
                    new[] { "Check the path: is this the database file? ('file <path>' says what a file is.)", restore }.OfType<string>().ToArray());

            case SqliteException { SqliteErrorCode: SqliteCorrupt }:
                return Unreadable("corrupt", $"'{file ?? shown}' is damaged: {Reason(error)}",
                    new[] { restore, "Or look at it with: sqlite3 <file> 'PRAGMA integrity_check'" }.OfType<string>().ToArray());

            case PostgresException { SqlState: "28P01" or "28000" } login:
                return Unreadable("authentication", $"the server refused the login: {login.MessageText}",
                    $"Check the user and password in the URL (keep it in ${context.DatabaseVariableName} so it stays out of shell history and logs).");

            case PostgresException { SqlState: "3D000" } missing:
                return Unreadable("no-database", $"the database does not exist on the server: {missing.MessageText}",
                    "Create it first (createdb, or CREATE DATABASE ...), or check the database name at the end of the URL.") with { Exists = false };

            case NpgsqlException { InnerException: SocketException or TimeoutException } unreachable:
                return Unreadable("unreachable", $"cannot reach the PostgreSQL server: {Reason(unreachable.InnerException!)}",
                    "Check the host and port in the URL, that the server is running (pg_isready -h <host> -p <port>), and that no firewall is in the way.");

            case DbException db:
                return Unreadable("database", $"the database refused: {db.Message}",
                    database?.Kind == DatabaseKind.Sqlite
                        ? "Check the file: is it a SQLite database this user may read and write?"
                        : "Check that the database is reachable and the URL, user and password are right.");

            default:
                return Unreadable("io", $"cannot read the database: {error.Message}", "Check the path and the permissions.");
        }
    }

    public static bool Handles(Exception error) => error is DbException or UnauthorizedAccessException or IOException;

    private static Failure Unreadable(string kind, string message, params string[] whatToDo) =>
        new(ExitCodes.Failed, kind, message, whatToDo) { Unreadable = true };

    private static string Reason(Exception error) => error is SqliteException sqlite ? sqlite.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal) : error.Message;

    /// <summary>Whether this user may open the file for writing: SQLite's "unable to open" says nothing about why.</summary>
    private static bool CanOpen(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
