using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Chain;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Graph;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary><c>mchain history</c>: every revision, newest first, as a list, lanes, Mermaid, DOT or JSON.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var graphOption = new Option<bool>("--graph") { Description = "Draw branches and merges as lanes, like git log --graph" };
        var formatOption = new Option<string>("--format")
        {
            Description = "text (default), mermaid, dot or json",
            DefaultValueFactory = _ => "text",
        };
        formatOption.AcceptOnlyFromAmong("text", "mermaid", "dot", "json");

        var command = new Command("history", "Show every revision, newest first; with a database, which are applied and when");
        command.Options.Add(graphOption);
        command.Options.Add(formatOption);
        options.AddMigrationSource(command);
        options.AddDatabase(command);
        examples.Add(command,
            "mchain history --graph --project src/Shop.Migrations",
            "mchain history --graph --database sqlite:///app.db --project src/Shop.Migrations",
            "mchain history --format mermaid --project src/Shop.Migrations > docs/migrations.mmd",
            "mchain history --format dot --project src/Shop.Migrations | dot -Tsvg > chain.svg");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            var migrations = await context.MigrationsAsync(cancellationToken, ChainReading.EvenIfBroken).ConfigureAwait(false);
            var chain = migrations.Chain;
            var (applied, unknown) = await AppliedAsync(context, migrations.Assemblies, chain, cancellationToken).ConfigureAwait(false);
            var format = context.Console.IsJson ? "json" : context.Value(formatOption) ?? "text";
            var nodes = chain.NewestFirst.Select(n => Node(chain, n, applied)).ToList();

            switch (format)
            {
                case "json":
                    context.Console.Json(new
                    {
                        revisions = chain.NewestFirst.Select(n => Json(chain, n, applied)).ToList(),
                        unordered = chain.Unordered,
                        unknownInDatabase = unknown.Select(u => new { revision = u.Revision, parents = u.Parents, appliedAt = u.AppliedAt }).ToList(),
                    });
                    return ExitCodes.Success;
                case "mermaid":
                    Emit(context, MermaidGraph.Write(nodes.AsEnumerable().Reverse().ToList()));
                    return ExitCodes.Success;
                case "dot":
                    Emit(context, DotGraph.Write(nodes.AsEnumerable().Reverse().ToList()));
                    return ExitCodes.Success;
            }

            if (nodes.Count == 0)
            {
                context.Console.Line("(no migrations)");
            }

            Emit(context, context.Value(graphOption) ? LaneGraph.Draw(nodes) : nodes.Select(Arrow));
            if (chain.Unordered.Count > 0)
            {
                context.Console.Line($"On a cycle, so in no order: {string.Join(", ", chain.Unordered)} (run mchain check).");
            }

            foreach (var row in unknown)
            {
                context.Console.Error($"{context.Console.Paint("warning: ", Tone.Warn)}the database records '{row.Revision}', which this code does not contain. See: {context.Suggest("stamp --help")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<(Dictionary<string, RevisionStatus>? Applied, List<RevisionStatus> Unknown)> AppliedAsync(
        CommandContext context, IReadOnlyList<System.Reflection.Assembly> assembly, ChainView chain, CancellationToken cancellationToken)
    {
        if (context.OptionalDatabase() is null)
        {
            return (null, new List<RevisionStatus>());
        }

        var database = context.Database();
        if (!chain.IsValid)
        {
            context.Console.Error($"{context.Console.Paint("warning: ", Tone.Warn)}the chain is invalid (see mchain check), so what {database.Display} applied is not shown.");
            return (null, new List<RevisionStatus>());
        }

        using var readable = ReadableDatabase.For(database);
        var runner = Runners.Create(readable.Address, assembly, context.RunnerOptions(null));
        var history = await runner.HistoryAsync(cancellationToken).ConfigureAwait(false);
        return (history.Where(h => h.IsKnown).ToDictionary(h => h.Revision, StringComparer.Ordinal), history.Where(h => !h.IsKnown).ToList());
    }

    private static GraphNode Node(ChainView chain, int node, Dictionary<string, RevisionStatus>? applied)
    {
        var info = chain.Graph.Nodes[node];
        var isHead = chain.IsHead(node);
        RevisionStatus? status = null;
        applied?.TryGetValue(info.Revision, out status);
        var label = info.Revision
            + (isHead ? " (head)" : string.Empty)
            + (info.Parents.Count > 1 ? " (merge)" : string.Empty)
            + (info.HasBranch ? $" [branch: {info.Branch}]" : string.Empty)
            + (info.DependsOn.Count > 0 ? $" (depends on {string.Join(", ", info.DependsOn)})" : string.Empty)
            + (applied is null ? string.Empty : "  " + Status(status));
        return new GraphNode(info.Revision, info.Parents, label, isHead, applied is null ? null : status?.IsApplied == true);
    }

    private static string Status(RevisionStatus? status) => status switch
    {
        { IsApplied: true, AppliedAt: { } at } =>
            $"{(status.RecordedBy == RecordedBy.Stamp ? "stamped" : "applied")} {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}{(status.Duration is { } d && d > TimeSpan.Zero ? $" in {Durations.Format(d)}" : string.Empty)}" +
            (status.IsEdited ? ", then edited (see mchain check)" : string.Empty) +
            (status.HasWrongParents ? $", recorded with parents {(status.RecordedParents!.Count == 0 ? "(base)" : string.Join(", ", status.RecordedParents))} (see mchain check)" : string.Empty),
        { IsApplied: true } => status.RecordedBy == RecordedBy.Stamp ? "stamped" : "applied",
        { IsInterrupted: true } => "INTERRUPTED (see mchain upgrade --help: --retry-interrupted)",
        _ => "pending",
    };

    private static string Arrow(GraphNode node) =>
        $"{(node.Parents.Count == 0 ? "<base>" : string.Join(", ", node.Parents))} -> {node.Label}";

    private static object Json(ChainView chain, int node, Dictionary<string, RevisionStatus>? applied)
    {
        var info = chain.Graph.Nodes[node];
        RevisionStatus? status = null;
        applied?.TryGetValue(info.Revision, out status);
        return new
        {
            revision = info.Revision,
            parents = info.Parents,
            branch = info.Branch,
            branches = chain.Graph.Branches[node].Labels,
            dependsOn = info.DependsOn,
            type = info.TypeName,
            file = chain.Find(info.Revision)?.SourceFile,
            isHead = chain.IsHead(node),
            isMerge = info.Parents.Count > 1,
            applied = applied is null ? (bool?)null : status?.IsApplied == true,
            interrupted = status?.IsInterrupted == true ? true : (bool?)null,
            appliedAt = status?.AppliedAt,
            recordedBy = status?.RecordedBy is { } by ? DriftReport.RecordedByText(by) ?? "unknown" : null,
            edited = status?.IsEdited == true ? true : (bool?)null,
            recordedParents = status?.HasWrongParents == true ? status.RecordedParents : null,
            durationMs = status?.Duration is { } d ? Math.Round(d.TotalMilliseconds, 1) : (double?)null,
        };
    }

    // One write for the whole document: a line at a time, 10,000 revisions were 10,000 writes to stdout.
    private static void Emit(CommandContext context, IEnumerable<string> lines)
    {
        var text = string.Join(Environment.NewLine, lines);
        if (text.Length > 0)
        {
            context.Console.Line(text);
        }
    }
}
