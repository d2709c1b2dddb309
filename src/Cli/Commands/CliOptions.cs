using System;
using System.CommandLine;

namespace MigrationChain.Cli.Commands;

/// <summary>
/// Every option, made once and added to each command that takes it, so an option reads and behaves the same
/// wherever it appears.
/// </summary>
internal sealed partial class CliOptions
{
    /// <summary>The default of <c>--parallel</c>: one database per core, at least two, at most eight.</summary>
    public static readonly int DefaultParallelism = Math.Clamp(Environment.ProcessorCount, 2, 8);

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write one JSON document to stdout instead of text (errors too)",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Trace what the tool does (build, assembly loading, connections), and show stack traces on errors",
        Recursive = true,
    };

    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "No colours on a terminal (NO_COLOR does the same)",
        Recursive = true,
    };

    public Option<string[]> Assembly { get; } = new("--assembly", "-a")
    {
        Description = "A built assembly holding the migrations, or the application that ships them (repeatable); the assemblies it ships that reference MigrationChain.Runtime are read too",
        HelpName = "path.dll",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Project { get; } = new("--project", "-p")
    {
        Description = "A project holding the migrations, built first, read with the projects it references (default: the only .csproj in the current folder); with --startup-project, where new migrations go",
        HelpName = "path.csproj",
    };

    public Option<string?> StartupProject { get; } = new("--startup-project", "-s")
    {
        Description = "The application that references the migration projects: built, and the chain read from it and its references (as dotnet ef)",
        HelpName = "path.csproj",
    };

    public Option<string> Configuration { get; } = new("--configuration", "-c")
    {
        Description = "The configuration to build --project in",
        DefaultValueFactory = _ => "Debug",
    };

    public Option<string?> Framework { get; } = new("--framework", "-f")
    {
        Description = "The target framework to build --project for, when it has several",
    };

    public Option<bool> NoBuild { get; } = new("--no-build")
    {
        Description = "Use --project's existing build output instead of building it",
    };

    public Option<string?> Database { get; } = new("--database", "-d")
    {
        Description = "The database: sqlite:///rel.db, sqlite:////abs.db, postgresql://user:pass@host:5432/db, or a connection string (default: $MIGRATIONCHAIN_DATABASE_URL)",
        HelpName = "url",
    };

    public Option<string?> Databases { get; } = new("--databases")
    {
        Description = "Several databases: a glob of SQLite files (\"projects/*/memory.db\") or a file with one URL per line",
        HelpName = "glob|file",
    };

    public Option<int> Parallel { get; } = new("--parallel")
    {
        Description = "How many databases to migrate at once with --databases",
        DefaultValueFactory = _ => DefaultParallelism,
    };

    public Option<string?> Canary { get; } = new("--canary")
    {
        Description = "Fleet: migrate these first (the first N databases, or names as the DATABASE column shows them, comma-separated) and stop the whole run if one fails",
        HelpName = "N|name,name",
    };

    public Option<int?> MaxFailures { get; } = new("--max-failures")
    {
        Description = "Fleet: start no further database once K have failed (default: never stop); the summary lists those not attempted",
        HelpName = "K",
    };

    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Fleet: take only part I of N (0 <= I < N) by a stable hash of each database, so N processes split a fleet; auto/N takes I from $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)",
        HelpName = "I/N|auto/N",
    };

    public Option<string> VersionTable { get; } = new("--version-table")
    {
        Description = "The version table's name",
        DefaultValueFactory = _ => "migration_history",
    };

    public Option<string?> VersionTableSchema { get; } = new("--version-table-schema")
    {
        Description = "PostgreSQL: the schema of the version table (default: the first on search_path)",
    };

    public Option<double> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = "Seconds to wait for another runner's lock before giving up",
        DefaultValueFactory = _ => 120,
        HelpName = "seconds",
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Show what would change, change nothing",
    };

    public Option<bool> Sql { get; } = new("--sql")
    {
        Description = "Print the SQL script instead of running it (offline mode)",
    };

    public Option<bool> NoBackup { get; } = new("--no-backup")
    {
        Description = "SQLite: do not back the database file up before changing it",
    };

    /// <summary>The default of <c>--keep-backups</c>: enough to step back a few runs, few enough not to fill a disk.</summary>
    public const int DefaultKeptBackups = 5;

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The config file (default: the nearest mchain.json from the current folder up to the repository root)",
        HelpName = "mchain.json",
        Recursive = true,
    };

    public Option<int> KeepBackups { get; } = new("--keep-backups")
    {
        Description = "SQLite: how many backups of the database to keep beside it; older ones are deleted after a run that took a new one (0 keeps all)",
        DefaultValueFactory = _ => DefaultKeptBackups,
        HelpName = "N",
    };

    public Option<double?> StatementLockTimeout { get; } = new("--statement-lock-timeout")
    {
        Description = "PostgreSQL: seconds one migration statement may wait for a table lock before its migration is rolled back and retried (default 2; 0: no limit)",
        HelpName = "seconds",
    };

    public Option<int?> LockRetries { get; } = new("--lock-retries")
    {
        Description = "PostgreSQL: how many times a migration that timed out waiting for a lock is retried (default 5)",
        HelpName = "N",
    };

    public Option<double?> LockRetryDelay { get; } = new("--lock-retry-delay")
    {
        Description = "PostgreSQL: seconds before the first lock-timeout retry, doubled for each later one (default 1)",
        HelpName = "seconds",
    };

    public Option<string?> LockPolicy { get; } = new("--lock-policy")
    {
        Description = "PostgreSQL: warn (default), refuse (before the statement runs) or off (only --dry-run shows locks) when a migration takes a lock stronger than SHARE UPDATE EXCLUSIVE on, or rewrites, a table above --lock-size-threshold without [AcknowledgeLock]",
        HelpName = "off|warn|refuse",
    };

    public Option<double?> LockSizeThreshold { get; } = new("--lock-size-threshold")
    {
        Description = "PostgreSQL: the table size in MB above which --lock-policy applies (default 100)",
        HelpName = "MB",
    };

    public Option<bool> RetryInterrupted { get; } = new("--retry-interrupted")
    {
        Description = "Run again a non-transactional migration that was interrupted (make sure it is safe to re-run)",
    };

    public Option<bool> SingleTransaction { get; } = new("--single-transaction")
    {
        Description = "Run every migration of this run in one transaction: all or nothing (refused if one of them is non-transactional)",
    };

    public Option<string> Message { get; } = new("--message", "-m")
    {
        Description = "What the migration does; becomes part of its revision id and class name",
        Required = true,
    };

    public Option<string?> RevisionId { get; } = new("--rev-id")
    {
        Description = "Use this revision id instead of a fresh timestamped one",
    };

    public Option<string?> Folder { get; } = new("--dir")
    {
        Description = "The folder to write the new migration into (default: beside its parent)",
    };

    public Option<string?> Namespace { get; } = new("--namespace")
    {
        Description = "The new migration's namespace (default: its parent's)",
    };

    public void AddMigrationSource(Command command)
    {
        command.Options.Add(Assembly);
        command.Options.Add(Project);
        command.Options.Add(StartupProject);
        command.Options.Add(Configuration);
        command.Options.Add(Framework);
        command.Options.Add(NoBuild);
    }

    public void AddDatabase(Command command)
    {
        command.Options.Add(Database);
        command.Options.Add(VersionTable);
        command.Options.Add(VersionTableSchema);
        command.Options.Add(LockTimeout);
    }

    /// <summary>PostgreSQL's lock safety for the commands that run migrations (see docs/postgres.md).</summary>
    public void AddLockSafety(Command command)
    {
        command.Options.Add(StatementLockTimeout);
        command.Options.Add(LockRetries);
        command.Options.Add(LockRetryDelay);
        command.Options.Add(LockPolicy);
        command.Options.Add(LockSizeThreshold);
    }

    public void AddFleet(Command command)
    {
        command.Options.Add(Databases);
        AddFleetTargets(command);
        command.Options.Add(Parallel);
        command.Options.Add(Shard);
    }

    /// <summary>The rollout policy of a fleet upgrade (see docs/cli.md, "Fleets").</summary>
    public void AddRollout(Command command)
    {
        command.Options.Add(Canary);
        command.Options.Add(MaxFailures);
    }
}
