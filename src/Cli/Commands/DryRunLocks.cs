using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Loading;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Commands;

/// <summary>
/// <c>mchain upgrade --dry-run</c> on PostgreSQL: the runner's lock preflight for the pending migrations, per
/// statement (table, lock mode, scan/rewrite, rows, size, blockers, the policy's verdict), as a table or in --json.
/// </summary>
internal static class DryRunLocks
{
    /// <summary>The locks of the migrations <c>mchain upgrade &lt;target&gt;</c> would apply.</summary>
    public static async Task<IReadOnlyList<StatementLockPlan>> PlanAsync(DatabaseAddress database, MigrationAssembly migrations, string target, CommandContext context, CancellationToken cancellationToken)
    {
        var runner = Runners.Create(database, migrations.Assemblies, context.RunnerOptions(null));
        return await runner.PlanAsync(target, cancellationToken).ConfigureAwait(false);
    }

    public static object ToJson(StatementLockPlan plan) => new
    {
        revision = plan.Revision,
        statement = plan.Statement,
        relation = plan.Relation,
        lockMode = plan.LockMode,
        work = plan.Work,
        estimatedRows = plan.EstimatedRows,
        totalBytes = plan.TotalBytes,
        blockers = plan.Blockers,
        verdict = plan.Verdict.ToString().ToLowerInvariant(),
        reason = plan.Reason,
    };

    public static void Print(CliConsole console, IReadOnlyList<StatementLockPlan>? locks)
    {
        if (locks is null || locks.Count == 0)
        {
            return;
        }

        console.Line();
        console.Line("Locks the pending migrations would take (read from the catalog, nothing locked):");
        var table = new TextTable("revision", "relation", "lock", "work", "rows", "size", "blockers", "policy");
        foreach (var plan in locks)
        {
            table.Add(
                plan.Revision,
                plan.Relation ?? "(not read)",
                plan.LockMode,
                plan.Work,
                plan.EstimatedRows?.ToString(CultureInfo.InvariantCulture) ?? (plan.TotalBytes is null ? "-" : "unknown"),
                plan.TotalBytes is { } bytes ? Size(bytes) : "-",
                plan.Blockers.Count == 0 ? "none" : string.Join("; ", plan.Blockers),
                plan.Verdict.ToString().ToLowerInvariant());
        }

        foreach (var line in table.Lines())
        {
            console.Line("  " + line);
        }

        foreach (var plan in locks.Where(p => p.Reason is not null))
        {
            console.Line($"  {plan.Verdict.ToString().ToLowerInvariant()}: {plan.Reason}");
        }
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " kB";
}
