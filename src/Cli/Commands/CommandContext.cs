using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Fleet;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary>One invocation: the parsed command line, the console, and the migrations and databases it names.</summary>
internal sealed class CommandContext
{
    private MigrationAssembly? _migrations;

    public CommandContext(ParseResult parse, CliOptions options, CliConsole console)
    {
        Parse = parse;
        Options = options;
        Console = console;
        RegisterSecrets();
    }

    public ParseResult Parse { get; }

    public CliOptions Options { get; }

    public CliConsole Console { get; }

    public static string WorkingDirectory => Environment.CurrentDirectory;

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>
    /// The application's migrations (once per invocation): loaded from the --assembly files, or built from
    /// --startup-project (else --project, else the project in the current folder), each with every assembly it ships
    /// that references MigrationChain.Runtime. <paramref name="reading"/> says what the command can work with.
    /// </summary>
    public async Task<MigrationAssembly> MigrationsAsync(CancellationToken cancellationToken, ChainReading reading = ChainReading.Runnable)
    {
        if (_migrations is not null)
        {
            return _migrations;
        }

        var assemblies = Value(Options.Assembly) ?? Array.Empty<string>();
        var project = Value(Options.Project);
        var startup = Value(Options.StartupProject);
        var mayBeEmpty = reading == ChainReading.EvenIfBrokenOrEmpty;
        if (assemblies.Length > 0 && (project is not null || startup is not null))
        {
            throw new CliException(ExitCodes.Usage, $"Pass either --assembly or {(startup is not null ? "--startup-project" : "--project")}, not both.",
                "--assembly reads built assemblies; --project and --startup-project build projects first.");
        }

        if (assemblies.Length > 0)
        {
            _migrations = MigrationAssembly.Load(assemblies, null, Console, mayBeEmpty);
            return _migrations;
        }

        var output = await BuildAsync(startup ?? project, reading != ChainReading.Runnable, cancellationToken).ConfigureAwait(false);
        if (startup is not null && project is not null)
        {
            // The startup project reads the chain; --project only says where new migrations go (as with dotnet ef).
            var target = await BuildAsync(project, chainErrorsAllowed: false, cancellationToken, build: false).ConfigureAwait(false);
            output = output with { ProjectDirectory = target.ProjectDirectory, RootNamespace = target.RootNamespace };
        }

        _migrations = MigrationAssembly.Load(new[] { output.AssemblyPath }, output, Console, mayBeEmpty);
        return _migrations;
    }

    private Task<ProjectOutput> BuildAsync(string? project, bool chainErrorsAllowed, CancellationToken cancellationToken, bool? build = null) =>
        ProjectBuild.BuildAsync(
            ProjectFile(project),
            Value(Options.Configuration) ?? "Debug",
            Value(Options.Framework),
            build: build ?? !Value(Options.NoBuild),
            chainErrorsAllowed,
            Console,
            cancellationToken);

    /// <summary>The database named by --database or the environment, or null when neither names one.</summary>
    public DatabaseAddress? OptionalDatabase()
    {
        var text = DatabaseText();
        return text is null ? null : DatabaseUrl.Parse(text, Console.Redactor, WorkingDirectory);
    }

    /// <summary>The one database this invocation works on, once known; errors name it.</summary>
    public DatabaseAddress? CurrentDatabase { get; private set; }

    public DatabaseAddress Database()
    {
        CurrentDatabase = OptionalDatabase() ?? throw new CliException(ExitCodes.Usage, "No database given.",
            $"Pass --database (e.g. --database sqlite:///app.db) or set {DatabaseUrl.EnvironmentVariable}.");
        return CurrentDatabase;
    }

    public bool IsFleet => Parse.GetResult(Options.Databases) is not null && Value(Options.Databases) is not null;

    public IReadOnlyList<DatabaseAddress> FleetDatabases()
    {
        if (Value(Options.Database) is not null)
        {
            throw new CliException(ExitCodes.Usage, "Pass either --database or --databases, not both.");
        }

        return FleetSource.Expand(Value(Options.Databases)!, Console.Redactor, WorkingDirectory);
    }

    public int Parallelism
    {
        get
        {
            var parallel = Value(Options.Parallel);
            return parallel >= 1 ? parallel : throw new CliException(ExitCodes.Usage, "--parallel must be at least 1.");
        }
    }

    public MigrationRunnerOptions RunnerOptions(MigrationListener? listener)
    {
        var seconds = Value(Options.LockTimeout);
        if (double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new CliException(ExitCodes.Usage, "--lock-timeout must be a number of seconds, zero or more.");
        }

        return new MigrationRunnerOptions
        {
            VersionTable = Value(Options.VersionTable) ?? "migration_history",
            VersionTableSchema = Value(Options.VersionTableSchema),
            LockTimeout = TimeSpan.FromSeconds(seconds),
            Listener = listener,
        };
    }

    /// <summary>
    /// A command line to suggest: <c>mchain</c>, the arguments, then the migration source and the database as the user
    /// gave them (passwords are masked on the way out like everything else).
    /// </summary>
    public string Suggest(string arguments, DatabaseAddress? database = null)
    {
        var parts = new List<string> { "mchain", arguments };
        if (Value(Options.StartupProject) is { } startup)
        {
            parts.Add("--startup-project " + Quote(startup));
        }

        if (Value(Options.Project) is { } project)
        {
            parts.Add("--project " + Quote(project));
        }

        parts.AddRange((Value(Options.Assembly) ?? Array.Empty<string>()).Select(assembly => "--assembly " + Quote(assembly)));

        if (database is not null)
        {
            if (Value(Options.Database) is { } typed)
            {
                parts.Add("--database " + Quote(typed));
            }
            else if (IsFleet || Environment.GetEnvironmentVariable(DatabaseUrl.EnvironmentVariable) is null)
            {
                parts.Add("--database " + Quote(database.FilePath is null ? database.Display : "sqlite:///" + database.Display));
            }
        }

        return string.Join(' ', parts);
    }

    public static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@=+,%".Contains(c, StringComparison.Ordinal))
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private string? DatabaseText() =>
        Value(Options.Database) is { Length: > 0 } typed
            ? typed
            : Environment.GetEnvironmentVariable(DatabaseUrl.EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    /// <summary>--project as a file, or as a folder holding one project (as dotnet takes it); none means the current folder.</summary>
    private static string ProjectFile(string? project)
    {
        var path = Path.GetFullPath(project ?? ".", WorkingDirectory);
        if (!Directory.Exists(path))
        {
            return path;
        }

        var projects = Directory.GetFiles(path, "*.csproj");
        return projects.Length == 1
            ? projects[0]
            : throw new CliException(ExitCodes.Usage,
                (project is null, projects.Length) switch
                {
                    (true, 0) => "Where are the migrations? No --assembly or --project was given, and there is no project in the current folder.",
                    (true, _) => $"Where are the migrations? The current folder has {projects.Length} projects.",
                    (false, 0) => $"The folder '{project}' holds no project.",
                    _ => $"The folder '{project}' holds {projects.Length} projects.",
                },
                "Pass --project path/to/Migrations.csproj, or --assembly path/to/Migrations.dll.");
    }

    // Before any command can fail: a password given on the command line or in the environment must be masked even in
    // an error about something else.
    private void RegisterSecrets()
    {
        try
        {
            OptionalDatabase();
        }
        catch (CliException)
        {
        }
    }
}
