using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Reflection;
using MigrationChain.Cli.Chain;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Databases;

namespace MigrationChain.Cli.Errors;

/// <summary>
/// Turns what went wrong into what to do next: two heads name the merge command to run, a database at a revision
/// the code does not know names <c>stamp</c>, a lock timeout names who holds the lock.
/// </summary>
internal static class ErrorAdvice
{
    public static Failure Describe(Exception error, CommandContext context, DatabaseAddress? database)
    {
        var cause = Unwrap(error);
        return Explain(cause, context, database) with { Database = database?.Display };
    }

    private static Failure Explain(Exception error, CommandContext context, DatabaseAddress? database)
    {
        switch (error)
        {
            case CliException cli:
                return new Failure(cli.ExitCode, KindOf(cli.ExitCode), cli.Message, cli.WhatToDo);

            case ChainValidationException chain:
                return new Failure(ExitCodes.ChainInvalid, "chain", chain.Message, MergeAdvice(chain.Diagnostics, context).ToList());

            case DatabaseStateException state:
                return new Failure(ExitCodes.DatabaseState, "state", state.Situation, StateAdvice(state, context, database));

            case MigrationLockTimeoutException locked:
                return LockFailure(locked, database) with { Unreadable = true };

            case MigrationTargetException target:
                return new Failure(ExitCodes.Usage, "target", target.Message,
                    target.Candidates.Count > 0
                        ? new List<string> { "Did you mean " + Rules.Names.List(target.Candidates) + "?" }
                        : new List<string> { "Targets: a revision id or unique prefix, head, heads, base, +N, -N, label@head. List revisions with: " + context.Suggest("history") });

            case MigrationFailedException failed:
                return new Failure(ExitCodes.Failed, "migration", CliLanguage.FailureMessage(failed), Array.Empty<string>());

            case SingleTransactionRefusedException refused:
                return new Failure(ExitCodes.Usage, "single-transaction", refused.Message, Array.Empty<string>());

            case IrreversibleMigrationException irreversible:
                return new Failure(ExitCodes.Failed, "irreversible", irreversible.Situation,
                    new List<string> { "Write a Downgrade for it, or restore a backup taken before it (mchain restore <backup>)." }
                        .Concat(CliLanguage.Advice(irreversible.Remedies, context, database)).ToList());

            case VersionTableException table:
                return new Failure(ExitCodes.Failed, "version-table", table.Situation, CliLanguage.Advice(table.Remedies, context, database));

            case OperationCanceledException:
                return new Failure(ExitCodes.Cancelled, "cancelled", "Cancelled; the migration in progress was rolled back.", Array.Empty<string>());

            case Exception when DatabaseFailures.Handles(error):
                return DatabaseFailures.Describe(error, context, database);

            default:
                return new Failure(ExitCodes.Failed, "unexpected", $"{error.GetType().Name}: {error.Message}",
                    context.Console.IsVerbose ? new List<string>() : new List<string> { "Run again with --verbose to see the stack trace." }) { Unreadable = database is not null };
        }
    }

    /// <summary>The refusal to run a command on a chain the rules reject, with the merge commands when heads are the problem.</summary>
    public static CliException ChainRefusal(ChainView chain, CommandContext context)
    {
        var problems = string.Join("\n  ", chain.Errors.Select(d => d.ToString()));
        var advice = MergeAdvice(chain.Errors, context).Append("Fix the migrations named above; 'mchain check' lists every problem.").ToArray();
        return new CliException(ExitCodes.ChainInvalid,
            $"The migration chain is invalid ({chain.Errors.Count} problem{(chain.Errors.Count == 1 ? string.Empty : "s")}); nothing was run:\n  {problems}",
            advice);
    }

    /// <summary>For every group of heads a merge should join, the exact command that writes the merge.</summary>
    public static IEnumerable<string> MergeAdvice(IEnumerable<ChainDiagnostic> diagnostics, CommandContext context) =>
        diagnostics.Where(d => d.Id == RuleIds.MultipleHeads && d.SuggestedRevisions.Count > 1)
            .Select(d => string.Join(' ', d.SuggestedRevisions.OrderBy(r => r, StringComparer.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Select(heads => "Merge the heads with: " + context.Suggest($"merge -m \"merge heads\" {heads}"));

    private static Failure LockFailure(MigrationLockTimeoutException locked, DatabaseAddress? database)
    {
        var holder = locked.Holder ?? (database?.FilePath is { } file ? SqliteLockHolders.Describe(file) : null);
        var message = locked.Holder is null && holder is not null
            ? $"{locked.Situation} The lock is held by {holder}."
            : locked.Situation;
        return new Failure(ExitCodes.Locked, "lock", message, new[]
        {
            holder is null ? "Another runner is migrating this database: wait for it to finish and run again." : $"Wait for {holder} to finish and run again.",
            "Or wait longer with --lock-timeout <seconds>.",
        });
    }

    private static List<string> StateAdvice(DatabaseStateException state, CommandContext context, DatabaseAddress? database)
    {
        var history = context.Suggest("history --graph");
        switch (state.Problem)
        {
            case DatabaseStateProblem.UnknownRevision:
            case DatabaseStateProblem.AheadOfCode:
            case DatabaseStateProblem.MissingAncestor:
                return new List<string>
                    {
                        $"Find the revision of this chain whose schema the database has ({history}),",
                        "then record it without running anything: " + context.Suggest("stamp <revision>", database),
                    }
                    .Concat(CliLanguage.Advice(state.Remedies.Where(r => r.Revision is not null), context, database))
                    .Append("Or run the code that wrote " + string.Join(", ", state.Revisions) + " instead.")
                    .ToList();
            case DatabaseStateProblem.Interrupted:
                return CliLanguage.Advice(state.Remedies, context, database);
            case DatabaseStateProblem.Unversioned:
                return new List<string>
                {
                    "If the schema is already at head: " + context.Suggest("stamp heads", database),
                    $"Otherwise stamp the revision whose schema it has ({history}), then upgrade.",
                };
            default:
                return new List<string> { "Deploy every assembly the chain lists, or rebuild the migrations." };
        }
    }

    private static string KindOf(int exitCode) => exitCode switch
    {
        ExitCodes.Usage => "usage",
        ExitCodes.ChainInvalid => "chain",
        ExitCodes.Pending => "pending",
        ExitCodes.DatabaseState => "state",
        ExitCodes.Locked => "lock",
        _ => "failed",
    };

    private static Exception Unwrap(Exception error)
    {
        while (true)
        {
            var inner = error switch
            {
                AggregateException { InnerExceptions.Count: 1 } aggregate => aggregate.InnerExceptions[0],
                TargetInvocationException invocation => invocation.InnerException,
                TypeInitializationException initialization => initialization.InnerException,
                _ => null,
            };
            if (inner is null)
            {
                return error;
            }

            error = inner;
        }
    }
}
