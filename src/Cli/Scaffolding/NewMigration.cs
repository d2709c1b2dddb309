using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;
using MigrationChain.Templates;

namespace MigrationChain.Cli.Scaffolding;

/// <summary>Names, renders and writes a new migration file (or, in a dry run, shows it).</summary>
internal static class NewMigration
{
    public static int Write(
        CommandContext context,
        MigrationAssembly migrations,
        string message,
        IReadOnlyList<string> parents,
        string? branch,
        string? revisionId,
        string? folder,
        string? ns)
    {
        var console = context.Console;
        var placement = MigrationPlacement.Find(migrations, parents, folder, ns);
        var revision = revisionId ?? FreshRevision(migrations, message, placement);
        if (RevisionId.Problem(revision) is { } problem)
        {
            throw new CliException(ExitCodes.Usage, $"'{revision}' cannot be a revision id: {problem}.");
        }

        if (migrations.Chain.Graph.Contains(revision))
        {
            throw new CliException(ExitCodes.Usage, $"The chain already has a revision '{revision}'.", "Choose another --rev-id, or leave it out for a fresh one.");
        }

        if (branch is not null && RevisionId.Problem(branch) is { } branchProblem)
        {
            throw new CliException(ExitCodes.Usage, $"'{branch}' cannot be a branch label: {branchProblem}.");
        }

        var className = UniqueClassName(migrations, placement, MigrationNaming.ClassNameFor(revision));
        var source = new MigrationTemplate(revision, className)
        {
            Namespace = placement.Namespace,
            Parents = parents,
            Branch = branch,
            Summary = message,
            FileScopedNamespace = placement.FileScopedNamespace,
            NewLine = placement.NewLine,
        }.Render();
        var path = Path.Combine(placement.Folder, className + ".cs");
        if (File.Exists(path))
        {
            throw new CliException(ExitCodes.Usage, $"'{path}' already exists.", "Choose another --rev-id.");
        }

        var dryRun = context.Value(context.Options.DryRun);
        if (!dryRun)
        {
            Directory.CreateDirectory(placement.Folder);
            File.WriteAllText(path, source);
        }

        var shown = DisplayPath.Of(path, CommandContext.WorkingDirectory);
        if (console.IsJson)
        {
            console.Json(new
            {
                path,
                revision,
                className,
                @namespace = placement.Namespace,
                parents,
                branch,
                written = !dryRun,
                learnedFrom = placement.LearnedFrom,
                source = dryRun ? source : null,
            });
            return ExitCodes.Success;
        }

        console.Line(dryRun ? $"Dry run: would write {shown}:" : console.Paint($"Wrote {shown}", Tone.Good));
        console.Line($"  revision  {revision}");
        console.Line(parents.Count switch
        {
            0 => "  parent    (none: the first migration of the chain)",
            1 => $"  parent    {parents[0]}",
            _ => $"  merges    {string.Join(", ", parents)}",
        });
        console.Line($"  class     {(placement.Namespace is null ? string.Empty : placement.Namespace + ".")}{className}");
        if (dryRun)
        {
            console.Line();
            foreach (var line in source.Split('\n'))
            {
                console.Line(line.TrimEnd('\r'));
            }
        }
        else
        {
            console.Line(parents.Count > 1
                ? "Build, then apply it with: " + context.Suggest("upgrade")
                : "Write its Upgrade and Downgrade, build, then: " + context.Suggest("upgrade"));
        }

        return ExitCodes.Success;
    }

    /// <summary>A timestamp id; a second later if this second's is taken (two revisions written in one second).</summary>
    private static string FreshRevision(MigrationAssembly migrations, string message, Placement placement)
    {
        var when = DateTime.UtcNow;
        while (true)
        {
            var revision = MigrationNaming.RevisionIdFor(when, message);
            var file = Path.Combine(placement.Folder, MigrationNaming.ClassNameFor(revision) + ".cs");
            if (!migrations.Chain.Graph.Contains(revision) && !File.Exists(file))
            {
                return revision;
            }

            when = when.AddSeconds(1);
        }
    }

    private static string UniqueClassName(MigrationAssembly migrations, Placement placement, string className)
    {
        var taken = migrations.Types
            .Where(t => string.Equals(t.Namespace, placement.Namespace, StringComparison.Ordinal))
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);
        var candidate = className;
        for (var i = 2; taken.Contains(candidate) || File.Exists(Path.Combine(placement.Folder, candidate + ".cs")); i++)
        {
            candidate = $"{className}_{i}";
        }

        return candidate;
    }
}
