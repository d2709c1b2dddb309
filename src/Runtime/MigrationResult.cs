using System.Collections.Generic;
using System.Linq;
using MigrationChain.Rules;

namespace MigrationChain;

/// <summary>What an upgrade, downgrade or stamp did (or, in a dry run, would do).</summary>
public sealed class MigrationResult
{
    internal MigrationResult(
        MigrationOperation operation,
        string target,
        IReadOnlyList<MigrationStep> steps,
        IReadOnlyList<string> current,
        bool dryRun,
        string? backupPath,
        IReadOnlyList<DriftFinding>? drift = null)
    {
        Drift = drift ?? System.Array.Empty<DriftFinding>();
        Operation = operation;
        Target = target;
        Steps = steps;
        Current = current;
        DryRun = dryRun;
        BackupPath = backupPath;
    }

    /// <summary>Upgrade, downgrade or stamp.</summary>
    public MigrationOperation Operation { get; }

    /// <summary>The target as given.</summary>
    public string Target { get; }

    /// <summary>The steps, in the order they ran (or would run).</summary>
    public IReadOnlyList<MigrationStep> Steps { get; }

    /// <summary>The database's current revisions afterwards (before, in a dry run).</summary>
    public IReadOnlyList<string> Current { get; }

    /// <summary>True when nothing was changed because a dry run was asked for.</summary>
    public bool DryRun { get; }

    /// <summary>Where the backup taken before the run is, or null when none was taken.</summary>
    public string? BackupPath { get; }

    /// <summary>
    /// Applied revisions whose version rows disagree with the code (edited after they ran, or recorded with other
    /// parents), as the database was afterwards (before, in a dry run). Empty when everything matches.
    /// </summary>
    public IReadOnlyList<DriftFinding> Drift { get; }

    /// <summary>True when the database already was where the target points.</summary>
    public bool WasUpToDate => Steps.Count == 0;

    /// <summary>
    /// One line for logs: what was asked, what was done (or would be, in a dry run), and where the database is now,
    /// e.g. <c>upgrade to 'head': applied 2 ('0002_orders' and '0003_email') in 41 ms; now at 0003_email</c>.
    /// </summary>
    public override string ToString()
    {
        var verb = Operation switch
        {
            MigrationOperation.Upgrade => "upgrade to",
            MigrationOperation.Downgrade => "downgrade to",
            _ => "stamp",
        };
        var where = Current.Count == 0 ? "base" : string.Join(", ", Current);
        var text = $"{(DryRun ? "dry run: " : string.Empty)}{verb} '{Target}': ";
        if (WasUpToDate)
        {
            return text + $"nothing to do; {(DryRun ? "at" : "already at")} {where}";
        }

        var done = new List<string>();
        Describe(MigrationDirection.Upgrade, Operation == MigrationOperation.Stamp ? "recorded" : "applied", "would record", "would apply");
        Describe(MigrationDirection.Downgrade, Operation == MigrationOperation.Stamp ? "unrecorded" : "undid", "would unrecord", "would undo");
        text += string.Join(", ", done);
        if (!DryRun && Operation != MigrationOperation.Stamp)
        {
            text += $" in {Steps.Sum(s => s.Duration.TotalMilliseconds):0} ms";
        }

        text += $"; now at {where}";
        return BackupPath is null ? text : text + $"; backup at {BackupPath}";

        void Describe(MigrationDirection direction, string past, string stampWould, string runWould)
        {
            var revisions = Steps.Where(s => s.Direction == direction).Select(s => s.Revision).ToList();
            if (revisions.Count > 0)
            {
                var word = !DryRun ? past : Operation == MigrationOperation.Stamp ? stampWould : runWould;
                done.Add($"{word} {revisions.Count} ({Names.List(revisions)})");
            }
        }
    }
}
