using System;
using System.Collections.Generic;
using System.Linq;

namespace MigrationChain.Lock;

/// <summary>
/// Compares a committed lock file with the chain a build contains: MC4001 a locked migration was edited, MC4002 the
/// lock lacks migrations (or cannot be read), MC4003 the lock names a revision that no longer exists. Only what
/// matters is compared: comments, order and the heads line follow from the entries. With a release boundary in the
/// lock, an edited released migration is MC4004 instead of MC4001: it is an error in every build, not only in CI.
/// </summary>
internal static class LockComparison
{
    private const int ShownChecksumLength = 16;

    /// <summary>Every disagreement, in lock-problem, chain, then lock order.</summary>
    /// <param name="locked">The committed lock, or null when there is no lock file.</param>
    /// <param name="current">The lock the build's chain renders to (<see cref="LockFile.FromChain"/>).</param>
    /// <param name="fileName">How messages name the lock file, e.g. <c>migrations.lock</c>.</param>
    public static IReadOnlyList<LockDiagnostic> Compare(LockFile? locked, LockFile current, string fileName)
    {
        var diagnostics = new List<LockDiagnostic>();
        if (locked is null)
        {
            if (current.Entries.Count > 0)
            {
                diagnostics.Add(new LockDiagnostic(
                    RuleIds.LockFileMissingMigrations,
                    Revision: null,
                    $"{fileName} does not exist, but the build contains {Count(current.Entries.Count)} " +
                    $"({Names(current.Entries)}). Build locally (without CI=true) to create {fileName}, and commit it.",
                    LockLine: 0));
            }

            return diagnostics;
        }

        foreach (var problem in locked.Problems)
        {
            var advice = problem.IsMergeConflict
                ? "Two branches changed the migration chain: join their heads with a merge migration (or re-parent " +
                  $"one), then build locally to rewrite {fileName} and commit it."
                : $"Build locally (without CI=true) to rewrite {fileName}, and commit it.";
            diagnostics.Add(new LockDiagnostic(
                RuleIds.LockFileMissingMigrations,
                Revision: null,
                $"{fileName} line {problem.Line} cannot be read: {problem.Reason}. {advice}",
                problem.Line));
        }

        var boundary = ReleaseBoundary.Of(locked);
        var lockedByRevision = new Dictionary<string, LockEntry>(StringComparer.Ordinal);
        foreach (var entry in locked.Entries)
        {
            lockedByRevision[entry.Revision] = entry;
        }

        var currentRevisions = new HashSet<string>(current.Entries.Select(e => e.Revision), StringComparer.Ordinal);
        foreach (var entry in current.Entries)
        {
            if (!lockedByRevision.TryGetValue(entry.Revision, out var was))
            {
                diagnostics.Add(new LockDiagnostic(
                    RuleIds.LockFileMissingMigrations,
                    entry.Revision,
                    $"{entry.Describe()} is not in {fileName}: the lock was not updated when the migration was added. " +
                    $"Build locally (without CI=true) to update {fileName}, and commit it with the migration.",
                    LockLine: 0));
                continue;
            }

            if (was.Checksum == LockFile.AcceptEditChecksum)
            {
                diagnostics.Add(new LockDiagnostic(
                    RuleIds.LockFileMissingMigrations,
                    entry.Revision,
                    $"{fileName} accepts an edit of released {entry.Describe()} but does not record its new checksum " +
                    $"yet. Build locally (without CI=true) to record it, and commit {fileName}.",
                    was.Line));
                continue;
            }

            var change = Change(was, entry);
            if (change is not null && boundary.IsMarkedReleased(entry.Revision))
            {
                diagnostics.Add(new LockDiagnostic(RuleIds.ReleasedMigrationEdited, entry.Revision, ReleasedEditMessage(entry, change, fileName), LockLine: 0));
            }
            else if (change is not null)
            {
                diagnostics.Add(new LockDiagnostic(
                    RuleIds.LockedMigrationEdited,
                    entry.Revision,
                    $"{entry.Describe()} was edited after it was locked in {fileName} ({change}). A migration that " +
                    "may already have run on a database must not change: revert the edit and make the change in a new " +
                    $"migration. If this one has never been deployed anywhere, build locally to update {fileName} and commit it.",
                    LockLine: 0));
            }
        }

        foreach (var entry in locked.Entries)
        {
            if (!currentRevisions.Contains(entry.Revision))
            {
                diagnostics.Add(new LockDiagnostic(
                    RuleIds.LockFileNamesRemovedRevision,
                    entry.Revision,
                    $"{fileName} names '{entry.Revision}', which no migration in this build declares. Databases that " +
                    "applied it would fail with \"Can't locate revision\": restore the migration (check that its " +
                    "assembly is still referenced). If it was removed on purpose and never deployed, build locally " +
                    $"to update {fileName} and commit it.",
                    entry.Line));
            }
        }

        return diagnostics;
    }

    /// <summary>
    /// Differences a local build must refuse rather than follow: edits of released migrations (MC4004) and released
    /// revisions that are gone (MC4003). Empty without a release boundary.
    /// </summary>
    public static IReadOnlyList<LockDiagnostic> ReleasedChanges(LockFile? locked, LockFile current, string fileName)
    {
        var boundary = ReleaseBoundary.Of(locked);
        if (!boundary.HasBoundary)
        {
            return Array.Empty<LockDiagnostic>();
        }

        return Compare(locked, current, fileName)
            .Where(d => d.Id == RuleIds.ReleasedMigrationEdited
                || (d.Id == RuleIds.LockFileNamesRemovedRevision && d.Revision is not null && boundary.IsMarkedReleased(d.Revision)))
            .ToList();
    }

    /// <summary>MC4004's message: the migration shipped, so the change goes in a new migration, or is accepted on purpose.</summary>
    public static string ReleasedEditMessage(LockEntry current, string change, string fileName) =>
        $"{current.Describe()} was released ({fileName} marks it as shipped) and has been edited since ({change}). " +
        "Databases that applied it will never run it again, so the edit would reach only new databases: revert it and " +
        $"write the change as a new migration. If the edit is deliberate (say, it changes nothing on databases that " +
        $"already ran it), accept it with 'mchain release --accept-edit {current.Revision}' and build locally.";

    /// <summary>What changed about a locked revision, or null when nothing comparable did.</summary>
    internal static string? Change(LockEntry locked, LockEntry current)
    {
        if (!locked.HasSameParentsAs(current))
        {
            return $"its parents changed from {Parents(locked)} to {Parents(current)}";
        }

        // A checksum of another kind (say the lock predates the source generator) measures something else: not an edit.
        if (!string.Equals(locked.ChecksumKind, current.ChecksumKind, StringComparison.Ordinal)
            || string.Equals(locked.Checksum, current.Checksum, StringComparison.Ordinal))
        {
            return null;
        }

        return $"its checksum changed from {Shorten(locked.Checksum)} to {Shorten(current.Checksum)}";
    }

    private static string Parents(LockEntry entry) =>
        entry.Parents.Count == 0 ? "none (a root)" : string.Join(", ", entry.Parents.Select(p => $"'{p}'"));

    private static string Shorten(string checksum) =>
        checksum.Length <= ShownChecksumLength ? checksum : checksum.Remove(ShownChecksumLength) + "...";

    private static string Count(int count) => count == 1 ? "1 migration" : $"{count} migrations";

    private static string Names(IReadOnlyList<LockEntry> entries) =>
        entries.Count <= 3
            ? string.Join(", ", entries.Select(e => $"'{e.Revision}'"))
            : $"'{entries[0].Revision}' to '{entries[entries.Count - 1].Revision}'";
}
