using System;
using System.CommandLine;
using System.Linq;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Scaffolding;

namespace MigrationChain.Cli.Commands;

/// <summary><c>mchain merge -m "..." [heads...]</c>: writes the migration that joins two or more heads.</summary>
internal static class MergeCommand
{
    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var heads = new Argument<string[]>("heads")
        {
            Description = "The heads to join (revisions or unique prefixes); default: the heads the chain rules say must be merged",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("merge", "Write a merge migration joining two or more heads (Parents = the heads)");
        command.Arguments.Add(heads);
        command.Options.Add(options.Message);
        RevisionCommand.AddScaffoldingOptions(command, options);
        examples.Add(command,
            "mchain merge -m \"merge heads\" --project src/Shop.Migrations",
            "mchain merge -m \"merge tags and audit\" 20260125_143012 20260125_150233 --project src/Shop.Migrations");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var migrations = await context.MigrationsAsync(cancellationToken, ChainReading.EvenIfBroken).ConfigureAwait(false);
            var chain = migrations.Chain;

            // Two heads are what a merge repairs; any other error must be fixed first.
            if (chain.Errors.Any(d => d.Id != RuleIds.MultipleHeads))
            {
                throw ErrorAdvice.ChainRefusal(chain, context);
            }

            var named = context.Parse.GetValue(heads) ?? Array.Empty<string>();
            var message = context.Value(options.Message)!;
            var parents = named.Length > 0 ? Named(chain, named) : Unmerged(chain, context, message);
            return NewMigration.Write(context, migrations, message, parents, branch: null,
                context.Value(options.RevisionId), context.Value(options.Folder), context.Value(options.Namespace));
        });
        return command;
    }

    private static string[] Named(Chain.ChainView chain, string[] named)
    {
        var parents = named.Select(chain.Resolve).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var parent in parents)
        {
            chain.Graph.TryGetIndex(parent, out var node);
            if (!chain.IsHead(node))
            {
                throw new CliException(ExitCodes.Usage, $"'{parent}' is not a head: something already builds on it.",
                    $"A merge joins heads. The heads are: {string.Join(", ", chain.Heads)}.");
            }
        }

        return parents.Length >= 2
            ? parents
            : throw new CliException(ExitCodes.Usage, "A merge joins at least two heads.", $"The heads are: {string.Join(", ", chain.Heads)}.");
    }

    private static string[] Unmerged(Chain.ChainView chain, CommandContext context, string message)
    {
        var groups = chain.UnmergedHeads;
        if (groups.Count == 1)
        {
            return groups[0].ToArray();
        }

        if (groups.Count > 1)
        {
            throw new CliException(ExitCodes.Usage, $"{groups.Count} separate sets of heads need merging; merge them one set at a time.",
                groups.Select(g => context.Suggest($"merge -m {CommandContext.Quote(message)} {string.Join(' ', g)}")).ToArray());
        }

        throw new CliException(ExitCodes.Usage,
            chain.Heads.Count > 1
                ? $"Nothing needs merging: the heads ({string.Join(", ", chain.Heads)}) are on labelled branches, which may stay apart."
                : $"Nothing to merge: the chain has {(chain.Heads.Count == 0 ? "no head" : $"one head ({chain.Heads[0]})")}.",
            chain.Heads.Count > 1 ? "To join them anyway, name them: " + context.Suggest($"merge -m {CommandContext.Quote(message)} {string.Join(' ', chain.Heads)}") : "Write a new revision instead: mchain revision -m \"...\"");
    }
}
