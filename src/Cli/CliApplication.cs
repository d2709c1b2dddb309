using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli;

/// <summary>The command tree, and the parse-error handling System.CommandLine leaves to the application.</summary>
internal static class CliApplication
{
    private static readonly string[] HelpArguments = { "--help" };

    // The commands by name, so a command line naming one builds only that one: setting up all thirteen costs a
    // short command (heads on a large chain) a noticeable part of its start.
    private static readonly (string Name, Func<CliOptions, HelpExamples, Command> Create)[] Commands =
    {
        ("current", CurrentCommand.Create),
        ("history", HistoryCommand.Create),
        ("heads", HeadsCommand.Create),
        ("branches", BranchesCommand.Create),
        ("upgrade", MoveCommands.Upgrade),
        ("downgrade", MoveCommands.Downgrade),
        ("stamp", MoveCommands.Stamp),
        ("check", CheckCommand.Create),
        ("revision", RevisionCommand.Create),
        ("merge", MergeCommand.Create),
        ("init", InitCommand.Create),
        ("restore", RestoreCommand.Create),
        ("release", ReleaseCommand.Create),
    };

    /// <summary>The whole command tree.</summary>
    public static RootCommand Build() => BuildFor(null);

    /// <summary>
    /// The command tree: every command, or only <paramref name="only"/> when the command line starts with its name
    /// (the rest of the line is parsed by that command alone, exactly as in the whole tree).
    /// </summary>
    public static RootCommand BuildFor(string? only)
    {
        var options = new CliOptions();
        var examples = new HelpExamples();
        var root = new RootCommand(
            "mchain: MigrationChain's command line. Runs a chain of C# migrations against SQLite and PostgreSQL, " +
            "shows its history, checks it in CI, and writes new and merge migrations.");
        root.Options.Add(options.Json);
        root.Options.Add(options.Verbose);
        root.Options.Add(options.NoColor);
        root.Options.Add(options.Config);
        var named = Array.FindIndex(Commands, c => c.Name == only);
        foreach (var (name, create) in named >= 0 ? Commands.AsSpan(named, 1) : Commands)
        {
            var command = create(options, examples);
            root.Subcommands.Add(command.Name == name ? command : throw new InvalidOperationException($"The command '{command.Name}' is listed as '{name}'."));
        }

        examples.Add(root,
            "mchain upgrade --database sqlite:///app.db --project src/Shop.Migrations",
            "mchain history --graph --project src/Shop.Migrations",
            "mchain check --project src/Shop.Migrations --database \"$DATABASE_URL\"",
            "mchain revision -m \"add tags\" --project src/Shop.Migrations",
            "mchain upgrade --databases \"projects/*/memory.db\" --project src/Shop.Migrations");
        examples.Install(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var root = BuildFor(args.Length > 0 ? args[0] : null);
        var parse = root.Parse(args.Length == 0 ? HelpArguments : args);
        // Help ignores the rest of the line: 'mchain revision --help' must not complain that -m is missing.
        if (parse.Errors.Count > 0 && parse.Action is not CommandLineAction { ClearsParseErrors: true })
        {
            // Exit code 2 for a wrong command line (System.CommandLine would return 1, which here means a failed run),
            // and redacted: a mistyped option can carry a database URL with its password.
            var redactor = new Redactor();
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine(redactor.Redact("error: " + error.Message + ParseErrorAdvice.DidYouMean(error, parse)));
            }

            var command = parse.CommandResult.Command;
            Console.Error.WriteLine($"See: {(command is RootCommand ? "mchain --help" : $"mchain {command.Name} --help")}");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
    }
}
