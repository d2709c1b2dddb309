using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using MigrationChain.Cli.Commands;
using MigrationChain.Cli.Databases;

namespace MigrationChain.Cli.Errors;

/// <summary>
/// The runtime's exceptions speak to C# callers (<c>Stamp("0003_audit")</c>, "raise LockTimeout"); the CLI's user
/// types commands. The CLI shows an exception's <see cref="MigrationChainException.Situation"/> and says each of its
/// <see cref="MigrationChainException.Remedies"/> as the command or option to type: built from data, never by
/// rewriting the API's words.
/// </summary>
internal static class CliLanguage
{
    /// <summary>Each remedy as a line of advice: the command to run or the option to pass.</summary>
    public static List<string> Advice(IEnumerable<Remedy> remedies, CommandContext context, DatabaseAddress? database) =>
        remedies.Select(r => Say(r, context, database)).Distinct().ToList();

    private static string Say(Remedy remedy, CommandContext context, DatabaseAddress? database)
    {
        var when = remedy.When is null ? null : char.ToUpperInvariant(remedy.When[0]) + remedy.When[1..] + ": ";
        return remedy.Kind switch
        {
            RemedyKind.Stamp => (when ?? "Record the revision without running anything: ") + context.Suggest($"stamp {remedy.Revision ?? "<revision>"}", database),
            RemedyKind.RetryInterrupted => (when ?? "Run it again: ") + context.Suggest("upgrade --retry-interrupted", database),
            RemedyKind.RaiseLockTimeout => "Or wait longer with --lock-timeout <seconds>.",
            RemedyKind.SetVersionTableSchema => "Pass --version-table-schema <schema> (or set versionTableSchema in mchain.json)" + (remedy.When is null ? "." : ", " + remedy.When + "."),
            RemedyKind.RaiseStatementTimeout => "Raise the limit with [Migration(StatementTimeoutSeconds = ...)] on the migration.",
            RemedyKind.RaiseStatementLockTimeout => "Raise the limit with [Migration(LockTimeoutSeconds = ...)] on the migration.",
            _ => "Raise the command timeout with the connection string's Command Timeout.",
        };
    }

    // A migration's failure text (the provider's reading of a timeout, a non-transactional migration's way out) is
    // composed in src/Runtime/Execution from strings without remedies as data yet; until it carries them, these name
    // the API's words so the user still sees the command line's.
    private static readonly (Regex Pattern, string Replacement)[] FailureRewrites =
    {
        (new Regex(@"\bStamp\(""([^""]*)""\)", RegexOptions.CultureInvariant), "'mchain stamp $1'"),
        (new Regex(@"\bStamp (?=(the|that|its|a)\b)", RegexOptions.CultureInvariant), "run 'mchain stamp' with "),
        (new Regex(@"\bwith RetryInterrupted = true\b", RegexOptions.CultureInvariant), "with 'mchain upgrade --retry-interrupted'"),
        (new Regex(@"\bRetryInterrupted = true\b", RegexOptions.CultureInvariant), "--retry-interrupted"),
        (new Regex(@"\bHistory\(\)", RegexOptions.CultureInvariant), "'mchain history'"),
        (new Regex(@"\bMigrationRunnerOptions\.LockTimeout\b", RegexOptions.CultureInvariant), "--lock-timeout"),
        (new Regex(@"\bMigrationRunnerOptions\.LockPolicy = Refuse\b", RegexOptions.CultureInvariant), "--lock-policy refuse"),
        (new Regex(@"\bMigrationRunnerOptions\.LockSizeThreshold\b", RegexOptions.CultureInvariant), "--lock-size-threshold"),
        (new Regex(@"\bSet MigrationRunnerOptions\.SqliteJournalMode to choose another mode\.", RegexOptions.CultureInvariant),
            "To use another, run e.g. sqlite3 <file> \"PRAGMA journal_mode=DELETE\" (see docs/sqlite.md)."),
        (new Regex(@"\(TransactionMode = OneTransaction\)", RegexOptions.CultureInvariant), "(--single-transaction)"),
        (new Regex(@"\bTransactionMode = OneTransaction\b", RegexOptions.CultureInvariant), "--single-transaction"),
        (new Regex(@"\bRun with TransactionMode = PerMigration\b", RegexOptions.CultureInvariant), "Run without --single-transaction"),
    };

    /// <summary>A migration's failure message (<see cref="MigrationFailedException"/>), in the command line's words.</summary>
    public static string FailureMessage(MigrationFailedException failed) => InCliWords(failed.Message);

    /// <summary>A runner's failure or warning text (the lock policy's, for one), in the command line's words.</summary>
    public static string InCliWords(string message)
    {
        foreach (var (pattern, replacement) in FailureRewrites)
        {
            message = pattern.Replace(message, replacement);
        }

        return message;
    }
}
