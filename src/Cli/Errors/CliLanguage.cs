using System.Text.RegularExpressions;

namespace MigrationChain.Cli.Errors;

/// <summary>
/// The runtime's exceptions speak to C# callers (<c>Stamp("0003_audit")</c>, "raise LockTimeout"); the CLI's user
/// types commands. This rewrites the API's words into the command line's, in every message the CLI passes on.
/// </summary>
internal static class CliLanguage
{
    private static readonly (Regex Pattern, string Replacement)[] Rewrites =
    {
        (new Regex(@"\bStamp\(""([^""]*)""\)", RegexOptions.CultureInvariant), "'mchain stamp $1'"),
        (new Regex(@"\bStamp (?=(the|that|its|a)\b)", RegexOptions.CultureInvariant), "run 'mchain stamp' with "),
        (new Regex(@"\braise LockTimeout\b", RegexOptions.CultureInvariant), "raise --lock-timeout"),
        (new Regex(@"\bwith RetryInterrupted = true\b", RegexOptions.CultureInvariant), "with 'mchain upgrade --retry-interrupted'"),
        (new Regex(@"\bRetryInterrupted = true\b", RegexOptions.CultureInvariant), "--retry-interrupted"),
        (new Regex(@"\bMigrationRunnerOptions\.LockTimeout\b", RegexOptions.CultureInvariant), "--lock-timeout"),
        (new Regex(@"\bSet MigrationRunnerOptions\.SqliteJournalMode to choose another mode\.", RegexOptions.CultureInvariant),
            "To use another, run e.g. sqlite3 <file> \"PRAGMA journal_mode=DELETE\" (see docs/sqlite.md)."),
        (new Regex(@"\(TransactionMode = OneTransaction\)", RegexOptions.CultureInvariant), "(--single-transaction)"),
        (new Regex(@"\bTransactionMode = OneTransaction\b", RegexOptions.CultureInvariant), "--single-transaction"),
        (new Regex(@"\bRun with TransactionMode = PerMigration\b", RegexOptions.CultureInvariant), "Run without --single-transaction"),
    };

    public static string Translate(string message)
    {
        foreach (var (pattern, replacement) in Rewrites)
        {
            message = pattern.Replace(message, replacement);
        }

        return message;
    }
}
