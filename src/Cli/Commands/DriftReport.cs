using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary>
/// Version rows that disagree with the code, in the CLI's words: "applied, then edited" and wrong recorded parents
/// (for <c>check</c>, <c>current</c> and the runner's warnings), and <c>stamp --accept-edits</c>, which records the
/// code as it is for the revisions named.
/// </summary>
internal static class DriftReport
{
    /// <summary><c>--accept-edits</c>: repeatable, each an applied revision (id or unique prefix).</summary>
    public static Option<string[]> AcceptEditsOption() => new("--accept-edits")
    {
        Description = "Record the code's current checksum and parents for this applied revision (edited on purpose after it ran); runs nothing, touches no other row. Repeatable",
        HelpName = "revision",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>One line per finding, saying what to run; the database is named by <paramref name="database"/> in the suggestion.</summary>
    public static string Line(CommandContext context, DriftFinding finding, DatabaseAddress? database) =>
        Line(finding, context.Suggest($"stamp --accept-edits {finding.Revision}", database));

    /// <summary>One line for a finding, ending with <paramref name="fix"/>, the command that accepts it.</summary>
    public static string Line(DriftFinding finding, string fix) =>
        finding.Kind == DriftKind.Edited
            ? $"{finding.Revision}: applied, then edited ({Verb(finding)} {When(finding)}; the database recorded checksum " +
              $"{finding.RecordedChecksum}, the code has {finding.CodeChecksum}). The edit will never run there: revert it and " +
              $"write a new migration, or, if the database needs nothing from it, accept it: {fix}"
            : $"{finding.Revision}: recorded with parents {Parents(finding.RecordedParents)}, the code declares " +
              $"{Parents(finding.CodeParents)} ({Verb(finding)} {When(finding)}). Rewrite the row: {fix}";

    public static object Json(DriftFinding finding) => new
    {
        revision = finding.Revision,
        kind = finding.Kind == DriftKind.Edited ? "edited" : "wrongParents",
        appliedAt = finding.AppliedAt,
        recordedBy = RecordedByText(finding.RecordedBy),
        recordedChecksum = finding.RecordedChecksum,
        codeChecksum = finding.CodeChecksum,
        recordedParents = finding.RecordedParents,
        codeParents = finding.CodeParents,
    };

    /// <summary>"upgrade", "stamp" or null (not known: written before the version table said).</summary>
    public static string? RecordedByText(RecordedBy recordedBy) => recordedBy switch
    {
        RecordedBy.Upgrade => "upgrade",
        RecordedBy.Stamp => "stamp",
        _ => null,
    };

    /// <summary><c>mchain stamp --accept-edits rev...</c>: one transaction, under the runners' lock; exit 0.</summary>
    public static async Task<int> AcceptAsync(CommandContext context, MigrationAssembly migrations, IReadOnlyList<string> revisions, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var database = context.Database();
        if (database.Kind == DatabaseKind.Sqlite && !database.Exists)
        {
            throw new CliException(ExitCodes.Usage, $"{database.Display} does not exist, so nothing is applied there and there is no edit to accept (a typo in --database?).");
        }

        var runner = Runners.Create(database, migrations.Assemblies, context.RunnerOptions(null));
        var accepted = await runner.AcceptEditsAsync(revisions, cancellationToken).ConfigureAwait(false);
        if (console.IsJson)
        {
            console.Json(new { database = database.Display, revisions, accepted = accepted.Select(Json).ToList() });
            return ExitCodes.Success;
        }

        foreach (var revision in revisions)
        {
            var resolved = accepted.Where(f => f.Revision.StartsWith(revision, System.StringComparison.Ordinal)).ToList();
            console.Line(resolved.Count == 0
                ? $"{revision}: its version row already matches the code; nothing to accept."
                : console.Paint($"{resolved[0].Revision}: accepted {string.Join(" and ", resolved.Select(Accepted))} ({Verb(resolved[0])} {When(resolved[0])}); no migration run.", Tone.Good));
        }

        return ExitCodes.Success;
    }

    private static string Accepted(DriftFinding finding) =>
        finding.Kind == DriftKind.Edited ? $"the edit (checksum now {finding.CodeChecksum})" : $"the parents {Parents(finding.CodeParents)}";

    private static string Verb(DriftFinding finding) => finding.RecordedBy == RecordedBy.Stamp ? "stamped" : "applied";

    private static string When(DriftFinding finding) =>
        finding.AppliedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Parents(IReadOnlyList<string> parents) =>
        parents.Count == 0 ? "(base)" : string.Join(", ", parents);
}
