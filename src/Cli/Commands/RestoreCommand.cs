using System;
using System.CommandLine;
using System.IO;
using MigrationChain.Cli.Backups;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary><c>mchain restore backup</c>: puts a SQLite backup back, checked first, and says what revision the database is at now.</summary>
internal static class RestoreCommand
{
    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var backupArgument = new Argument<string>("backup") { Description = "The backup to restore (app.db.<time>.bak, written beside the database before each run)" };
        var command = new Command("restore", "SQLite: replace a database with a backup, after checking the backup (PRAGMA integrity_check)");
        command.Arguments.Add(backupArgument);
        options.AddDatabase(command);
        command.Options.Add(options.NoBackup);
        command.Options.Add(options.KeepBackups);
        examples.Add(command,
            "mchain restore app.db.20260125T143012110Z.bak --database sqlite:///app.db",
            "mchain restore /backups/app.db --database sqlite:////srv/app/app.db --lock-timeout 10");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var database = context.Database();
            if (database.FilePath is null)
            {
                throw new CliException(ExitCodes.Usage, $"restore works on SQLite files; {database.Display} is PostgreSQL.",
                    "Restore a PostgreSQL database with the server's tools (pg_restore, or psql -f for a plain dump).");
            }

            var typed = context.Parse.GetValue(backupArgument)!;
            var backup = Path.GetFullPath(typed, CommandContext.WorkingDirectory);
            if (!File.Exists(backup))
            {
                var nearest = BackupRetention.BackupsOf(database.FilePath);
                throw new CliException(ExitCodes.Usage, $"The backup '{typed}' does not exist.",
                    nearest.Count > 0 ? $"Backups of {database.Display}, newest first: {string.Join(", ", nearest)}" : $"No backups of {database.Display} were found beside it.");
            }

            if (string.Equals(backup, database.FilePath, StringComparison.Ordinal))
            {
                throw new CliException(ExitCodes.Usage, "The backup and the database are the same file.");
            }

            var runner = context.RunnerOptions(null);
            var footprint = SqliteFootprint.Of(database)!;
            RestoreResult result;
            try
            {
                result = await SqliteRestore.RunAsync(backup, database, runner.VersionTable, runner.LockTimeout,
                    backUpFirst: !context.Value(options.NoBackup), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                footprint.Undo(backup: null, databaseChanged: true);
                throw;
            }

            if (result.BackupOfReplaced is not null)
            {
                context.Console.Event($"backup of the database it replaced: {result.BackupOfReplaced}");
                foreach (var old in BackupRetention.Prune(database.FilePath, context.Value(options.KeepBackups), result.BackupOfReplaced, alsoKept: backup))
                {
                    context.Console.Event($"old backup deleted (--keep-backups {context.Value(options.KeepBackups)}): {old}");
                }
            }

            var at = !result.HasVersionTable ? "no version table (not migrated by MigrationChain)"
                : result.Revisions.Count == 0 ? "base (nothing applied)"
                : string.Join(", ", result.Revisions);
            var console = context.Console;
            if (console.IsJson)
            {
                console.Json(new
                {
                    database = database.Display,
                    backup,
                    integrity = "ok",
                    revisions = result.HasVersionTable ? result.Revisions : null,
                    damagedKeptAs = result.DamagedKeptAs,
                    backupOfReplaced = result.BackupOfReplaced,
                });
                return ExitCodes.Success;
            }

            if (result.DamagedKeptAs is not null)
            {
                console.Error($"The file that was there is not a SQLite database; it was kept as {result.DamagedKeptAs}");
            }

            console.Line(console.Paint($"Restored {database.Display} from {backup} (integrity check ok).", Tone.Good));
            console.Line($"{database.Display} is now at {at}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
