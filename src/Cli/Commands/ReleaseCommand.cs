using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;
using MigrationChain.Lock;

namespace MigrationChain.Cli.Commands;

/// <summary>
/// <c>mchain release [revision]</c>: marks migrations as shipped in <c>migrations.lock</c> (its release boundary), so
/// every build refuses an edit of them (MC4004). <c>--accept-edit</c> accepts one deliberate edit of a released
/// migration. Only the lock file changes, through the same lock code the build uses, as a one-line diff to review.
/// </summary>
internal static class ReleaseCommand
{
    private const string LockFileName = "migrations.lock";

    public static Command Create(CliOptions options, HelpExamples examples)
    {
        var revision = new Argument<string?>("revision")
        {
            Description = "Release up to and including this revision (an id or a unique prefix); default: every migration of the chain",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var acceptEdit = new Option<string?>("--accept-edit")
        {
            Description = "Accept a deliberate edit of this released migration: the next local build records its new checksum",
        };
        var lockFile = new Option<string?>("--lock-file")
        {
            Description = $"The lock file to mark (default: {LockFileName} beside the project)",
        };
        var command = new Command("release", $"Mark migrations as released (shipped) in {LockFileName}: from then on every build refuses edits of them");
        command.Arguments.Add(revision);
        command.Options.Add(acceptEdit);
        command.Options.Add(lockFile);
        options.AddMigrationSource(command);
        examples.Add(command,
            "mchain release --project src/Shop.Migrations",
            "mchain release 0004_add_totals --project src/Shop.Migrations",
            "mchain release --accept-edit 0002_users --project src/Shop.Migrations");

        CommandAction.Set(command, options, async (context, cancellationToken) =>
        {
            if (context.Value(acceptEdit) is { } edited)
            {
                if (context.Parse.GetValue(revision) is not null)
                {
                    throw new CliException(ExitCodes.Usage, "Pass either a revision to release or --accept-edit, not both.");
                }

                // No build: the build is what refuses the edit being accepted.
                var path = LockPath(context.Value(lockFile), context.Value(options.Project), null);
                return AcceptEdit(context, path, edited);
            }

            var migrations = await context.MigrationsAsync(cancellationToken).ConfigureAwait(false);
            var chain = migrations.Chain;
            if (!chain.IsValid)
            {
                throw ErrorAdvice.ChainRefusal(chain, context);
            }

            var lockPath = LockPath(context.Value(lockFile), context.Value(options.Project), migrations);
            return Release(context, lockPath, chain, context.Parse.GetValue(revision));
        });
        return command;
    }

    private static int Release(CommandContext context, string lockPath, Chain.ChainView chain, string? upTo)
    {
        var (locked, text) = Read(lockPath);
        var graph = chain.Graph;
        IEnumerable<int> nodes = graph.TopologicalOrder;
        if (upTo is not null)
        {
            graph.TryGetIndex(chain.Resolve(upTo), out var node);

            // DependsOn targets run first too: a release that ships a migration ships what it depends on.
            var ancestors = graph.Ancestors(new[] { node }, followDependsOn: true);
            nodes = graph.TopologicalOrder.Where(n => ancestors[n]);
        }

        var revisions = nodes.Select(graph.Id).ToList();
        var lockedRevisions = new HashSet<string>(locked.Entries.Select(e => e.Revision), StringComparer.Ordinal);
        var unlocked = revisions.Where(r => !lockedRevisions.Contains(r)).ToList();
        if (unlocked.Count > 0)
        {
            throw new CliException(ExitCodes.Failed,
                $"{Path.GetFileName(lockPath)} does not list {string.Join(", ", unlocked.Take(5).Select(r => $"'{r}'"))}" +
                $"{(unlocked.Count > 5 ? $" and {unlocked.Count - 5} more" : string.Empty)}, so {(unlocked.Count == 1 ? "it" : "they")} cannot be marked as released.",
                "Build the project locally (without CI=true) so the lock records every migration, commit it, then run mchain release again.");
        }

        var before = ReleaseBoundary.Of(locked);
        var released = locked.WithReleased(revisions);
        var newlyReleased = revisions.Where(r => !before.IsMarkedReleased(r)).ToList();
        Write(lockPath, text, released);

        if (context.Console.IsJson)
        {
            context.Console.Json(new { lockFile = lockPath, released = released.Released, newlyReleased });
            return ExitCodes.Success;
        }

        context.Console.Line(newlyReleased.Count == 0
            ? $"{Path.GetFileName(lockPath)}: nothing new to release (released {string.Join(", ", released.Released)})."
            : $"{Path.GetFileName(lockPath)}: released {string.Join(", ", released.Released)} ({newlyReleased.Count} migration(s) newly released: {Shown(newlyReleased)}).");
        context.Console.Error("Commit the lock file: from now on every build refuses edits of released migrations (MC4004).");
        return ExitCodes.Success;
    }

    private static int AcceptEdit(CommandContext context, string lockPath, string revisionText)
    {
        var (locked, text) = Read(lockPath);
        var matches = locked.Entries.Select(e => e.Revision)
            .Where(r => r == revisionText || r.StartsWith(revisionText, StringComparison.Ordinal)).ToList();
        var revision = matches.Contains(revisionText) ? revisionText : matches.Count == 1 ? matches[0] : null;
        if (revision is null)
        {
            throw new CliException(ExitCodes.Usage,
                matches.Count == 0
                    ? $"{Path.GetFileName(lockPath)} lists no revision '{revisionText}'."
                    : $"'{revisionText}' is ambiguous: it starts {string.Join(", ", matches.Take(5))}.",
                "Name a released revision as migrations.lock lists it.");
        }

        if (!ReleaseBoundary.Of(locked).IsMarkedReleased(revision))
        {
            throw new CliException(ExitCodes.Usage,
                $"'{revision}' is not released, so there is no edit to accept: unreleased migrations may be edited freely.",
                $"Build locally (without CI=true): the build updates {Path.GetFileName(lockPath)} for it.");
        }

        Write(lockPath, text, locked.WithAcceptedEdit(revision));
        if (context.Console.IsJson)
        {
            context.Console.Json(new { lockFile = lockPath, acceptedEdit = revision });
            return ExitCodes.Success;
        }

        context.Console.Line($"{Path.GetFileName(lockPath)}: the edit of released '{revision}' is accepted.");
        context.Console.Error($"Build locally (without CI=true) to record its new checksum, then commit {Path.GetFileName(lockPath)}. " +
            "Databases that already applied it will not run it again.");
        return ExitCodes.Success;
    }

    /// <summary>--lock-file, else the lock beside the project (as MigrationChain.Build keeps it), else the current folder's.</summary>
    private static string LockPath(string? lockFile, string? project, MigrationAssembly? migrations)
    {
        string path;
        if (lockFile is not null)
        {
            path = Path.GetFullPath(lockFile, CommandContext.WorkingDirectory);
        }
        else if (migrations?.Project is { } built)
        {
            path = Path.Combine(built.ProjectDirectory, LockFileName);
        }
        else
        {
            var folder = Path.GetFullPath(project ?? ".", CommandContext.WorkingDirectory);
            path = Path.Combine(Directory.Exists(folder) ? folder : Path.GetDirectoryName(folder)!, LockFileName);
        }

        return File.Exists(path)
            ? path
            : throw new CliException(ExitCodes.Usage, $"There is no lock file at '{path}'.",
                "Build the project with MigrationChain.Build referenced (the build writes migrations.lock), or pass --lock-file.");
    }

    private static (LockFile Locked, string Text) Read(string path)
    {
        var text = File.ReadAllText(path);
        var locked = LockFile.Parse(text);
        if (locked.Problems.Count > 0)
        {
            var problem = locked.Problems[0];
            throw new CliException(ExitCodes.Failed,
                $"{Path.GetFileName(path)} line {problem.Line} cannot be read: {problem.Reason}.",
                problem.IsMergeConflict
                    ? "Resolve the merge conflict (join the heads with a merge migration), build locally to rewrite the lock, then release."
                    : "Build locally (without CI=true) to rewrite the lock, then release.");
        }

        return (locked, text);
    }

    /// <summary>Writes through a temporary file (a killed command never leaves half a lock), keeping the file's line endings.</summary>
    private static void Write(string path, string oldText, LockFile lockFile)
    {
        var text = lockFile.Render(oldText.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n");
        if (string.Equals(text, oldText, StringComparison.Ordinal))
        {
            return;
        }

        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }

    private static string Shown(List<string> revisions) =>
        revisions.Count <= 3 ? string.Join(", ", revisions) : $"{revisions[0]} to {revisions[^1]}";
}
