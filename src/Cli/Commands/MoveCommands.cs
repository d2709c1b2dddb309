using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Backups;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Fleet;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary><c>upgrade</c>, <c>downgrade</c> and <c>stamp</c>: the commands that move a database along the chain.</summary>
internal static class MoveCommands
{
    private const string Targets = "a revision id or unique prefix, head, heads, base, +N, -N, rev+N, label@head, label@base";

    public static Command Upgrade(CliOptions options, HelpExamples examples)
    {
        var target = new Argument<string>("target")
        {
            Description = $"Where to go: {Targets}",
            DefaultValueFactory = _ => "heads",
        };
        var command = new Command("upgrade", "Apply migrations up to the target (default: every head)");
        command.Arguments.Add(target);
        options.AddMigrationSource(command);
        options.AddDatabase(command);
        options.AddFleet(command);
        options.AddRollout(command);
        command.Options.Add(options.DryRun);
        command.Options.Add(options.Sql);
        command.Options.Add(options.NoBackup);
        command.Options.Add(options.KeepBackups);
        command.Options.Add(options.RetryInterrupted);
        command.Options.Add(options.SingleTransaction);
        options.AddLockSafety(command);
        examples.Add(command,
            "mchain upgrade --database sqlite:///app.db --project src/Shop.Migrations",
            "mchain upgrade --single-transaction --database postgresql://app@db:5432/shop --project src/Shop.Migrations",
            "mchain upgrade 0003:head --sql --database postgresql://app@db:5432/shop --project src/Shop.Migrations > upgrade.sql",
            "mchain upgrade 20260125_143012 --database postgresql://app:secret@db:5432/shop --assembly Shop.Migrations.dll",
            "mchain upgrade head --databases \"projects/*/memory.db\" --parallel 8 --project src/Shop.Migrations",
            "mchain upgrade --databases tenants.txt --dry-run --project src/Shop.Migrations");
        Set(command, target, options, MigrationOperation.Upgrade);
        return command;
    }

    public static Command Downgrade(CliOptions options, HelpExamples examples)
    {
        var target = new Argument<string>("target") { Description = $"Where to go back to (it stays applied): {Targets}" };
        var command = new Command("downgrade", "Undo migrations down to the target");
        command.Arguments.Add(target);
        options.AddMigrationSource(command);
        options.AddDatabase(command);
        command.Options.Add(options.DryRun);
        command.Options.Add(options.Sql);
        command.Options.Add(options.NoBackup);
        command.Options.Add(options.KeepBackups);
        command.Options.Add(options.RetryInterrupted);
        command.Options.Add(options.SingleTransaction);
        options.AddLockSafety(command);
        examples.Add(command,
            "mchain downgrade -1 --database sqlite:///app.db --project src/Shop.Migrations",
            "mchain downgrade head:0002 --sql --database postgresql://app@db:5432/shop --project src/Shop.Migrations",
            "mchain downgrade base --dry-run --database sqlite:///app.db --project src/Shop.Migrations");
        Set(command, target, options, MigrationOperation.Downgrade);
        return command;
    }

    public static Command Stamp(CliOptions options, HelpExamples examples)
    {
        var target = new Argument<string>("target") { Description = $"The revision the database's schema is at: {Targets}", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("stamp", "Record the target as the database's revision without running any migration (the way out of an unknown revision)");
        command.Arguments.Add(target);
        options.AddMigrationSource(command);
        options.AddDatabase(command);
        command.Options.Add(options.DryRun);
        var acceptEdits = DriftReport.AcceptEditsOption();
        command.Options.Add(acceptEdits);
        examples.Add(command,
            "mchain stamp head --database sqlite:///app.db --project src/Shop.Migrations",
            "mchain stamp 0003 --dry-run --database sqlite:///app.db --project src/Shop.Migrations",
            "mchain stamp --accept-edits 0003_audit --database sqlite:///app.db --project src/Shop.Migrations");
        Set(command, target, options, MigrationOperation.Stamp, acceptEdits);
        return command;
    }

    private static void Set(Command command, Argument<string> targetArgument, CliOptions options, MigrationOperation operation, Option<string[]>? acceptEdits = null)
    {
        // A mistyped option would otherwise be taken for the target ('upgrade --databse x' upgrading to '--databse').
        targetArgument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[0].Value.StartsWith('-') && !IsRelativeTarget(result.Tokens[0].Value))
            {
                result.AddError($"Unrecognized option '{result.Tokens[0].Value}'.");
            }
        });
        SetAction(command, targetArgument, options, operation, acceptEdits);
    }

    private static bool IsRelativeTarget(string text) => text.Length > 1 && text[1..].All(char.IsAsciiDigit);

    private static void SetAction(Command command, Argument<string> targetArgument, CliOptions options, MigrationOperation operation, Option<string[]>? acceptEdits) =>
        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var migrations = await context.MigrationsAsync(cancellationToken).ConfigureAwait(false);
            if (!migrations.Chain.IsValid)
            {
                throw ErrorAdvice.ChainRefusal(migrations.Chain, context);
            }

            if (operation == MigrationOperation.Stamp && acceptEdits is not null)
            {
                var revisions = context.Parse.GetValue(acceptEdits) ?? System.Array.Empty<string>();
                if (revisions.Length > 0 && context.Parse.GetValue(targetArgument) is { } both)
                {
                    throw new CliException(ExitCodes.Usage, $"Give either a target to stamp ('{both}') or --accept-edits, not both: accepting edits keeps every row where it is.");
                }

                if (revisions.Length > 0 && context.Value(context.Options.DryRun))
                {
                    throw new CliException(ExitCodes.Usage, "--accept-edits has no dry run: mchain check --database ... lists the edits and wrong parents it would accept, and changes nothing.");
                }

                if (revisions.Length > 0)
                {
                    return await DriftReport.AcceptAsync(context, migrations, revisions, cancellationToken).ConfigureAwait(false);
                }

                if (context.Parse.GetValue(targetArgument) is null)
                {
                    throw new CliException(ExitCodes.Usage, "Say which revision the database's schema is at (mchain stamp head, mchain stamp 0003), or which applied revisions' edits to accept (mchain stamp --accept-edits 0003_audit).");
                }
            }

            var target = context.Parse.GetValue(targetArgument) ?? "heads";
            if (operation != MigrationOperation.Stamp && context.Value(context.Options.Sql))
            {
                return OfflineScript.Write(context, migrations, operation, target);
            }

            return context.IsFleet
                ? await FleetUpgrade.RunAsync(context, migrations, target, cancellationToken).ConfigureAwait(false)
                : await MoveAsync(context, migrations, operation, target, cancellationToken).ConfigureAwait(false);
        });

    private static async Task<int> MoveAsync(CommandContext context, MigrationAssembly migrations, MigrationOperation operation, string target, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var database = context.Database();
        var dryRun = context.Value(context.Options.DryRun);
        if (operation != MigrationOperation.Upgrade && !database.Exists)
        {
            // Only a command that migrates a database may create it: stamping or downgrading a file that is not there
            // is almost always a typo in the path, and would otherwise leave a new empty database behind.
            throw new CliException(ExitCodes.Usage,
                $"The SQLite database '{database.FilePath}' does not exist (is the path a typo?); {Verb(operation, past: false)} needs an existing database.",
                "Check the path, relative to the current folder (sqlite:///rel.db) or absolute (sqlite:////abs.db).",
                "To create the database and apply the migrations: " + context.Suggest("upgrade", database));
        }

        using var reporter = new StepReporter(console, database.Display, inFleet: false);
        var watcher = new RunWatcher(reporter);
        var footprint = dryRun ? null : SqliteFootprint.Of(database);

        // A dry run must not create a missing SQLite file; it plans against an empty stand-in instead.
        using var readable = dryRun ? ReadableDatabase.For(database) : null;
        var options = new RunOptions
        {
            DryRun = dryRun,
            Backup = operation != MigrationOperation.Stamp && database.Kind == DatabaseKind.Sqlite && database.Exists
                && !context.Value(context.Options.NoBackup),
            RetryInterrupted = context.Value(context.Options.RetryInterrupted),
        };

        var clock = Stopwatch.StartNew();
        var runnerOptions = context.RunnerOptions(watcher);
        MigrationResult result;
        try
        {
            var runner = Runners.Create(readable?.Address ?? database, migrations.Assemblies, runnerOptions);
            result = operation switch
            {
                MigrationOperation.Upgrade => await runner.UpgradeAsync(target, options, cancellationToken).ConfigureAwait(false),
                MigrationOperation.Downgrade => await runner.DowngradeAsync(target, options, cancellationToken).ConfigureAwait(false),
                _ => await runner.StampAsync(target, options, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception) when (footprint is not null)
        {
            // In one transaction the steps reported done were rolled back with the failed one.
            var changed = watcher.DatabaseChanged && runnerOptions.TransactionMode == MigrationTransactionMode.PerMigration;
            foreach (var removed in footprint.Undo(watcher.BackupPath, databaseChanged: changed))
            {
                console.Trace($"removed {removed}: the command failed, and it created the file");
            }

            throw;
        }

        reporter.Dispose();
        if (result.BackupPath is not null && database.FilePath is not null)
        {
            foreach (var old in BackupRetention.Prune(database.FilePath, context.Value(context.Options.KeepBackups), result.BackupPath))
            {
                console.Event($"old backup deleted (--keep-backups {context.Value(context.Options.KeepBackups)}): {old}");
            }
        }

        var locks = dryRun && operation == MigrationOperation.Upgrade && database.Kind == DatabaseKind.Postgres && !result.WasUpToDate
            ? await DryRunLocks.PlanAsync(database, migrations, context, cancellationToken).ConfigureAwait(false)
            : null;
        if (console.IsJson)
        {
            console.Json(new
            {
                locks = locks?.Select(DryRunLocks.ToJson).ToList(),
                database = database.Display,
                operation,
                target,
                dryRun,
                upToDate = result.WasUpToDate,
                steps = result.Steps.Select(s => new
                {
                    revision = s.Revision,
                    direction = s.Direction,
                    durationMs = dryRun ? (double?)null : Math.Round(s.Duration.TotalMilliseconds, 1),
                }).ToList(),
                current = result.Current,
                backup = result.BackupPath,
                durationMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            });
            return ExitCodes.Success;
        }

        var at = result.Current.Count == 0 ? "base (nothing applied)" : string.Join(", ", result.Current);
        if (result.WasUpToDate)
        {
            console.Line(IsPast(operation, target, result.Current)
                ? operation == MigrationOperation.Upgrade
                    ? $"{database.Display} is already past {target}: it is at {at}. Nothing to do (to go back to it: {context.Suggest("downgrade " + target, database)})."
                    : $"{database.Display} is already below {target}: it is at {at}. Nothing to do."
                : $"{database.Display} is already at {target}: {at}. Nothing to do.");
            return ExitCodes.Success;
        }

        if (dryRun)
        {
            console.Line($"Dry run: {Verb(operation, past: false)} {database.Display} to {target} would take {result.Steps.Count} step(s); nothing was changed.");
            foreach (var step in result.Steps)
            {
                var verb = operation == MigrationOperation.Stamp
                    ? step.Direction == MigrationDirection.Upgrade ? "record" : "unrecord"
                    : step.Direction == MigrationDirection.Upgrade ? "upgrade" : "downgrade";
                console.Line($"  {verb} {step.Revision}");
            }

            DryRunLocks.Print(console, locks);

            return ExitCodes.Success;
        }

        var what = operation == MigrationOperation.Stamp
            ? $"{result.Steps.Count(s => s.Direction == MigrationDirection.Upgrade)} recorded, {result.Steps.Count(s => s.Direction == MigrationDirection.Downgrade)} unrecorded, no migration run"
            : $"{result.Steps.Count} migration(s) in {Durations.Format(clock.Elapsed)}";
        console.Line(console.Paint($"{Capitalized(Verb(operation, past: true))} {database.Display} to {at} ({what}).", Tone.Good));
        if (result.BackupPath is not null)
        {
            console.Line($"Backup of the database before the run: {result.BackupPath}");
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// True when an upgrade to a named revision had nothing to do because the database is beyond it (or a downgrade,
    /// because it is before it): "already at 0003" would be false when the database is at 0005.
    /// </summary>
    private static bool IsPast(MigrationOperation operation, string target, IReadOnlyList<string> current) =>
        operation != MigrationOperation.Stamp
        && target is not ("head" or "heads" or "base")
        && !target.Contains('@', StringComparison.Ordinal)
        && !System.Text.RegularExpressions.Regex.IsMatch(target, @"[+-]\d+$")
        && !current.Any(c => c.StartsWith(target, StringComparison.Ordinal));

    private static string Verb(MigrationOperation operation, bool past) => (operation, past) switch
    {
        (MigrationOperation.Upgrade, false) => "upgrading",
        (MigrationOperation.Upgrade, true) => "upgraded",
        (MigrationOperation.Downgrade, false) => "downgrading",
        (MigrationOperation.Downgrade, true) => "downgraded",
        (_, false) => "stamping",
        _ => "stamped",
    };

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
