using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Configuration;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Fleet;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary>One invocation: the parsed command line, the console, and the migrations and databases it names.</summary>
internal sealed class CommandContext
{
    private readonly Lazy<ConfigFile?> _config;
    private MigrationAssembly? _migrations;

    public CommandContext(ParseResult parse, CliOptions options, CliConsole console)
    {
        Parse = parse;
        Options = options;
        Console = console;
        _config = new Lazy<ConfigFile?>(() => ConfigFile.Find(parse.GetValue(options.Config), WorkingDirectory));
        RegisterSecrets();
    }

    public ParseResult Parse { get; }

    public CliOptions Options { get; }

    public CliConsole Console { get; }

    public static string WorkingDirectory => Environment.CurrentDirectory;

    /// <summary>
    /// An option's value: what the command line says, else what mchain.json says, else the option's default. The one
    /// place the config file comes in, so every command honours it the same way.
    /// </summary>
    public T? Value<T>(Option<T> option)
    {
        if (IsTyped(option) || Config?.ValueOf(option.Name) is not { } configured
            || ConfigKeys.ReplacedBy(option.Name).Any(name => Parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == name) is { } other && IsTyped(other)))
        {
            return Parse.GetValue(option);
        }

        try
        {
            return ConfigKeys.Convert<T>(configured);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            var key = ConfigKeys.All.First(k => k.Option == option.Name).Name;
            throw new CliException(ExitCodes.Usage, $"{Config.Path}: '{key}' cannot be used as {option.Name}: {e.Message}");
        }
    }

    /// <summary>True when the running command has the option (mchain.json's keys apply only to commands that take them).</summary>
    public bool TakesOption(Option option) => Parse.CommandResult.Command.Options.Contains(option);

    /// <summary>True when the option was given on the command line (not defaulted, not from the config file).</summary>
    public bool IsTyped(Option option) => Parse.GetResult(option) is { Implicit: false };

    /// <summary>mchain.json (from --config or found walking up), or null; read once, its errors raised where it is used.</summary>
    public ConfigFile? Config => _config.Value;

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
            var target = await BuildAsync(project, reading != ChainReading.Runnable, cancellationToken, build: false).ConfigureAwait(false);
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
        var (text, baseDirectory) = DatabaseText();
        return text is null ? null : DatabaseUrl.Parse(text, Console.Redactor, baseDirectory);
    }

    /// <summary>The one database this invocation works on, once known; errors name it.</summary>
    public DatabaseAddress? CurrentDatabase { get; private set; }

    public DatabaseAddress Database()
    {
        CurrentDatabase = OptionalDatabase() ?? throw (Config?.DatabaseVariable is { } variable
            ? new CliException(ExitCodes.Usage, $"No database given: {Config.Path} says the database URL is in ${variable}, which is not set.",
                $"Set it (export {variable}='postgresql://user:password@host:5432/database'), or pass --database.")
            : new CliException(ExitCodes.Usage, "No database given.",
                $"Pass --database (e.g. --database sqlite:///app.db) or set {DatabaseUrl.EnvironmentVariable}."));
        return CurrentDatabase;
    }

    /// <summary>
    /// True for --databases, --databases-from, --databases-from-command or --schemas, or for mchain.json's fleet when
    /// no single database is given anywhere.
    /// </summary>
    public bool IsFleet =>
        Parse.CommandResult.Command.Options.Contains(Options.Databases)
        && (new[] { Options.Databases, Options.DatabasesFrom, Options.DatabasesFromCommand }.Any(source => IsTyped(source)
                ? Parse.GetValue(source) is not null
                : !IsTyped(Options.Database) && Config?.ValueOf(source.Name) is not null && DatabaseText().Text is null)
            || Value(Options.Schemas) is not null);

    /// <summary>The fleet's targets as a stream, checked before the first comes out (see <see cref="TargetSources"/>).</summary>
    public IAsyncEnumerable<DatabaseAddress> StreamFleet(CancellationToken cancellationToken) => TargetSources.For(this, cancellationToken);

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

        var options = new MigrationRunnerOptions
        {
            VersionTable = Value(Options.VersionTable) ?? "migration_history",
            VersionTableSchema = Value(Options.VersionTableSchema),
            LockTimeout = TimeSpan.FromSeconds(seconds),
            TransactionMode = TakesOption(Options.SingleTransaction) && Value(Options.SingleTransaction)
                ? MigrationTransactionMode.OneTransaction
                : MigrationTransactionMode.PerMigration,
            Listener = listener,
        };
        LockSafetyFlags.Apply(this, options);
        return options;
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
            parts.AddRange(SuggestedDatabase(database));
        }

        return string.Join(' ', parts);
    }

    /// <summary>A command line to suggest for a command that needs no migrations (restore): the arguments and the database.</summary>
    public string SuggestForDatabase(string arguments, DatabaseAddress database) =>
        string.Join(' ', new[] { "mchain", arguments }.Concat(SuggestedDatabase(database)));

    public static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@=+,%".Contains(c, StringComparison.Ordinal))
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// How a suggested command names the database: not at all when the environment or mchain.json supplies it, as typed
    /// when that has no secret, and otherwise through the environment variable (a masked URL cannot be pasted).
    /// </summary>
    private IEnumerable<string> SuggestedDatabase(DatabaseAddress database)
    {
        if (IsTyped(Options.Database) && Parse.GetValue(Options.Database) is { } typed)
        {
            yield return "--database " + (Console.Redactor.Redact(typed) == typed ? Quote(typed) : $"\"${DatabaseVariableName}\"");
        }
        else if (IsFleet)
        {
            var url = database.FilePath is null ? database.Display : "sqlite:///" + database.Display;
            yield return "--database " + (database.ConnectionString.Contains("assword", StringComparison.OrdinalIgnoreCase) ? $"\"${DatabaseVariableName}\"" : Quote(url));
        }
        else if (DatabaseText().Text is null)
        {
            yield return "--database " + Quote(database.FilePath is null ? database.Display : "sqlite:///" + database.Display);
        }
    }

    /// <summary>The database as text and the folder a relative SQLite path is relative to: --database, the environment, then mchain.json.</summary>
    private (string? Text, string BaseDirectory) DatabaseText()
    {
        if (IsTyped(Options.Database) && Parse.GetValue(Options.Database) is { Length: > 0 } typed)
        {
            return (typed, WorkingDirectory);
        }

        if (Environment.GetEnvironmentVariable(DatabaseUrl.EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, WorkingDirectory);
        }

        if (Config is { DatabaseVariable: { } variable })
        {
            return (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } named ? named : null, WorkingDirectory);
        }

        return Config?.ValueOf(Options.Database.Name) is string configured ? (configured, Config.Folder) : (null, WorkingDirectory);
    }

    /// <summary>The variable a suggested command should name for the database: mchain.json's, else the standard one.</summary>
    public string DatabaseVariableName => Config?.DatabaseVariable ?? DatabaseUrl.EnvironmentVariable;

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
