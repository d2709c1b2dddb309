using System;
using System.Collections.Generic;
using System.Linq;
using MigrationChain.Discovery;
using MigrationChain.Planning;

namespace MigrationChain.Drift;

/// <summary>
/// Compares the version rows of applied migrations with the code: the checksum recorded when each ran against the
/// one the generator built into the assembly, and the recorded parents against the declared ones. Works on the
/// snapshot the runner already read, so it costs no query; a row without a checksum (written before checksums were
/// recorded) and a migration without one (built without the generator) are never drift.
/// </summary>
internal sealed class DriftInspector
{
    private readonly MigrationCatalog _catalog;
    private readonly MigrationRunnerOptions _options;

    public DriftInspector(MigrationCatalog catalog, MigrationRunnerOptions options)
    {
        _catalog = catalog;
        _options = options;
    }

    /// <summary>
    /// Every disagreement, in the order of the version table's rows; empty (no allocation) when none. Kept on the
    /// state, which holds one read of the table against this catalog, so asking again costs nothing.
    /// </summary>
    public IReadOnlyList<DriftFinding> Find(AppliedState state) => state.DriftFindings ??= Compare(state);

    private IReadOnlyList<DriftFinding> Compare(AppliedState state)
    {
        List<DriftFinding>? findings = null;
        foreach (var row in state.Snapshot.Rows)
        {
            if (row.State != VersionRowState.Applied || !_catalog.Graph.TryGetIndex(row.Revision, out var node))
            {
                continue;
            }

            var definition = _catalog.Definitions[node];
            if (row.Checksum is not null && definition.Checksum is not null && !string.Equals(row.Checksum, definition.Checksum, StringComparison.Ordinal))
            {
                (findings ??= new()).Add(Finding(DriftKind.Edited, row, definition));
            }

            if (!SameParents(row.Parents, definition.Info.Parents))
            {
                (findings ??= new()).Add(Finding(DriftKind.WrongParents, row, definition));
            }
        }

        return findings ?? (IReadOnlyList<DriftFinding>)Array.Empty<DriftFinding>();
    }

    /// <summary>
    /// Called once per run on the first read, before anything changes: tells the listener about every finding and,
    /// under <see cref="DriftPolicy.Fail"/>, refuses to move a database whose applied migrations were edited.
    /// </summary>
    public void Inspect(AppliedState state, MigrationOperation operation)
    {
        if (_options.OnDrift == DriftPolicy.Ignore)
        {
            return;
        }

        var findings = Find(state);
        if (findings.Count == 0)
        {
            return;
        }

        var edited = findings.Where(f => f.Kind == DriftKind.Edited).ToList();
        if (_options.OnDrift == DriftPolicy.Fail && operation != MigrationOperation.Stamp && edited.Count > 0)
        {
            throw Refusal(operation, edited);
        }

        foreach (var finding in findings)
        {
            _options.Listener?.OnDrift(finding);
        }
    }

    /// <summary>
    /// The rows a Stamp to <paramref name="goal"/> keeps whose parents disagree with the code, corrected. Their
    /// checksum, time and how they were recorded stay: the migration still ran when and as the row says.
    /// </summary>
    public IReadOnlyList<VersionRow> ParentRewrites(AppliedState state, bool[] goal)
    {
        List<VersionRow>? rewrites = null;
        foreach (var row in state.Snapshot.Rows)
        {
            if (row.State == VersionRowState.Applied
                && _catalog.Graph.TryGetIndex(row.Revision, out var node)
                && goal[node]
                && !SameParents(row.Parents, _catalog.Definitions[node].Info.Parents))
            {
                (rewrites ??= new()).Add(row with { Parents = _catalog.Definitions[node].Info.Parents });
            }
        }

        return rewrites ?? (IReadOnlyList<VersionRow>)Array.Empty<VersionRow>();
    }

    /// <summary>Order does not matter: a merge that lists its parents the other way round records the same thing.</summary>
    internal static bool SameParents(IReadOnlyList<string> recorded, IReadOnlyList<string> declared)
    {
        if (recorded.Count != declared.Count)
        {
            return false;
        }

        for (var i = 0; i < recorded.Count; i++)
        {
            if (!string.Equals(recorded[i], declared[i], StringComparison.Ordinal))
            {
                return recorded.OrderBy(p => p, StringComparer.Ordinal).SequenceEqual(declared.OrderBy(p => p, StringComparer.Ordinal), StringComparer.Ordinal);
            }
        }

        return true;
    }

    internal static DriftFinding Finding(DriftKind kind, VersionRow row, MigrationDefinition definition) => new(
        kind, row.Revision, row.AppliedAt, row.RecordedBy, row.Checksum, definition.Checksum, row.Parents, definition.Info.Parents);

    private static DatabaseStateException Refusal(MigrationOperation operation, List<DriftFinding> edited)
    {
        var first = edited[0];
        var verb = operation == MigrationOperation.Downgrade ? "downgrade" : "upgrade";
        var others = edited.Count > 1
            ? $" ({edited.Count - 1} more edited: {string.Join(", ", edited.Skip(1).Take(5).Select(f => $"'{f.Revision}'"))}{(edited.Count > 6 ? $" and {edited.Count - 6} more" : string.Empty)})"
            : string.Empty;
        return new DatabaseStateException(
            DatabaseStateProblem.EditedAfterApplied,
            edited.Select(f => f.Revision).ToList(),
            $"Refusing to {verb} because OnDrift is Fail: '{first.Revision}' was applied at {first.AppliedAtText}, then edited " +
            $"(the version table recorded checksum {first.RecordedChecksum}, the code has {first.CodeChecksum}){others}. The " +
            "database has what the old code did, and the edit will never run here. Revert the edit and put the change in a " +
            "new migration; or, if the database needs nothing from it, accept it with " +
            $"runner.AcceptEdits(\"{first.Revision}\") and run again.");
    }
}
