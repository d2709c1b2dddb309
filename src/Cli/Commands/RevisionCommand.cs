using System.CommandLine;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Scaffolding;

namespace MigrationChain.Cli.Commands;

/// <summary><c>mchain revision -m "..."</c>: writes a new migration whose parent is the head.</summary>
internal static class RevisionCommand
{
    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var head = new Option<string?>("--head")
        {
            Description = "The parent, when the chain has several heads (labelled branches): a revision, prefix, or label@head",
        };
        var branch = new Option<string?>("--branch-label") { Description = "Start a labelled branch with this revision" };
        var command = new Command("revision", "Write a new migration class whose parent is the current head (id: UTC time + message slug)");
        command.Options.Add(options.Message);
        command.Options.Add(head);
        command.Options.Add(branch);
        AddScaffoldingOptions(command, options);
        examples.Add(command,
            "mchain revision -m \"add tags\" --project src/Shop.Migrations",
            "mchain revision -m \"plugin settings\" --head plugins@head --project src/Shop.Migrations",
            "mchain revision -m \"add tags\" --dry-run --project src/Shop.Migrations");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var migrations = await context.MigrationsAsync(cancellationToken, ChainReading.EvenIfBrokenOrEmpty).ConfigureAwait(false);
            var chain = migrations.Chain;
            if (!chain.IsValid)
            {
                throw ErrorAdvice.ChainRefusal(chain, context);
            }

            string[] parents;
            if (context.Value(head) is { } chosen)
            {
                parents = new[] { chain.Resolve(chosen) };
            }
            else if (chain.Heads.Count <= 1)
            {
                parents = chain.Heads.Count == 0 ? System.Array.Empty<string>() : new[] { chain.Heads[0] };
            }
            else
            {
                throw new CliException(ExitCodes.Usage,
                    $"The chain has {chain.Heads.Count} heads on labelled branches ({string.Join(", ", chain.Heads)}), so the parent is not obvious.",
                    "Choose it: " + context.Suggest($"revision -m {CommandContext.Quote(context.Value(options.Message)!)} --head <revision or label@head>"));
            }

            return NewMigration.Write(context, migrations, context.Value(options.Message)!, parents, context.Value(branch),
                context.Value(options.RevisionId), context.Value(options.Folder), context.Value(options.Namespace));
        });
        return command;
    }

    internal static void AddScaffoldingOptions(Command command, CliOptions options)
    {
        command.Options.Add(options.RevisionId);
        command.Options.Add(options.Folder);
        command.Options.Add(options.Namespace);
        command.Options.Add(options.DryRun);
        options.AddMigrationSource(command);
    }
}
