using System.CommandLine;
using System.Linq;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary><c>mchain heads</c>: the revisions nothing builds on yet.</summary>
internal static class HeadsCommand
{
    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var command = new Command("heads", "Show the chain's heads: the revisions no other revision builds on");
        options.AddMigrationSource(command);
        examples.Add(command,
            "mchain heads --project src/Shop.Migrations",
            "mchain heads --assembly src/Shop.Migrations/bin/Debug/net8.0/Shop.Migrations.dll --json");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var chain = (await context.MigrationsAsync(cancellationToken, ChainReading.EvenIfBroken).ConfigureAwait(false)).Chain;
            var graph = chain.Graph;
            var heads = graph.Heads.Select(h => new
            {
                revision = graph.Id(h),
                branches = graph.Branches[h].Labels,
                type = graph.Nodes[h].TypeName,
            }).ToList();

            if (context.Console.IsJson)
            {
                context.Console.Json(new { heads, unmerged = chain.UnmergedHeads });
                return ExitCodes.Success;
            }

            if (heads.Count == 0)
            {
                context.Console.Line("(no migrations)");
            }

            foreach (var head in heads)
            {
                var labels = head.branches.Count == 0 ? string.Empty : $"  [branch: {string.Join(", ", head.branches)}]";
                context.Console.Line($"{head.revision} (head){labels}");
            }

            foreach (var advice in ErrorAdvice.MergeAdvice(chain.Errors, context))
            {
                context.Console.Error(context.Console.Paint("warning: ", Tone.Warn) + "these heads are on the same line of development (MC1003). " + advice);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
