using System;
using System.CommandLine;
using System.Linq;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary><c>mchain branches</c>: where the chain forks, and its labelled branches.</summary>
internal static class BranchesCommand
{
    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var command = new Command("branches", "Show where the chain forks (branch points and their children) and its labelled branches");
        options.AddMigrationSource(command);
        examples.Add(command, "mchain branches --project src/Shop.Migrations");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var chain = (await context.MigrationsAsync(cancellationToken, ChainReading.EvenIfBroken).ConfigureAwait(false)).Chain;
            var graph = chain.Graph;
            var points = chain.BranchPoints.Select(n => new
            {
                revision = graph.Id(n),
                children = graph.Children[n].Select(c => new { revision = graph.Id(c), isHead = chain.IsHead(c) }).OrderBy(c => c.revision, StringComparer.Ordinal).ToList(),
            }).ToList();
            var labels = graph.TopologicalOrder
                .Where(n => graph.Nodes[n].HasBranch)
                .GroupBy(n => graph.Nodes[n].Branch!.Trim(), StringComparer.Ordinal)
                .Select(g => new
                {
                    label = g.Key,
                    starts = g.Select(graph.Id).ToList(),
                    heads = graph.Heads.Where(h => graph.Branches[h].Contains(g.Key)).Select(graph.Id).ToList(),
                })
                .ToList();

            if (context.Console.IsJson)
            {
                context.Console.Json(new { branchPoints = points, labels });
                return ExitCodes.Success;
            }

            if (points.Count == 0 && labels.Count == 0)
            {
                context.Console.Line("The chain does not branch.");
            }

            foreach (var point in points)
            {
                context.Console.Line($"{point.revision} (branch point)");
                foreach (var child in point.children)
                {
                    context.Console.Line($"    -> {child.revision}{(child.isHead ? " (head)" : string.Empty)}");
                }
            }

            if (labels.Count > 0)
            {
                if (points.Count > 0)
                {
                    context.Console.Line();
                }

                context.Console.Line("Labelled branches:");

                foreach (var label in labels)
                {
                    context.Console.Line($"  {context.Console.Paint(label.label, Tone.Strong)}: starts at {string.Join(", ", label.starts)}; head {string.Join(", ", label.heads)}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
