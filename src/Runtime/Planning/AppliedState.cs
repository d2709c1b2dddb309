using System;
using System.Collections.Generic;
using System.Linq;
using MigrationChain.Rules;

namespace MigrationChain.Planning;

/// <summary>
/// The version table read against the chain: which revisions are applied, and anything recorded that does not fit
/// (unknown revisions, missing ancestors, unfinished non-transactional migrations).
/// </summary>
internal sealed class AppliedState
{
    private AppliedState(RevisionGraph graph, VersionTableSnapshot snapshot)
    {
        Graph = graph;
        Snapshot = snapshot;
        Applied = new bool[graph.Count];
        var unknown = new List<VersionRow>();
        var interrupted = new List<VersionRow>();
        foreach (var row in snapshot.Rows)
        {
            if (row.State != VersionRowState.Applied)
            {
                interrupted.Add(row);
            }
            else if (graph.TryGetIndex(row.Revision, out var node))
            {
                Applied[node] = true;
            }
            else
            {
                unknown.Add(row);
            }
        }

        Unknown = unknown;
        Interrupted = interrupted;
    }

    public RevisionGraph Graph { get; }

    public VersionTableSnapshot Snapshot { get; }

    /// <summary>Applied revisions, by graph node.</summary>
    public bool[] Applied { get; }

    /// <summary>Applied rows whose revision the code does not contain.</summary>
    public IReadOnlyList<VersionRow> Unknown { get; }

    /// <summary>Rows of non-transactional migrations that have not been seen to finish.</summary>
    public IReadOnlyList<VersionRow> Interrupted { get; }

    /// <summary>
    /// The drift findings of this state, once computed (<see cref="Drift.DriftInspector.Find"/>): a no-op run inspects
    /// and reports the same state, so the rows are compared with the code once, not twice.
    /// </summary>
    internal IReadOnlyList<DriftFinding>? DriftFindings { get; set; }

    public static AppliedState Read(RevisionGraph graph, VersionTableSnapshot snapshot) => new(graph, snapshot);

    /// <summary>
    /// Refuses to move a database whose records do not fit the code, naming the revisions and the way out. Called
    /// before anything changes; Stamp does not call it, because Stamp is the way out.
    /// </summary>
    public void ThrowIfInconsistent(bool allowInterrupted)
    {
        if (!allowInterrupted && Interrupted.Count > 0)
        {
            var row = Interrupted[0];
            var parent = row.Parents.Count > 0 ? row.Parents[0] : "base";
            throw new DatabaseStateException(
                DatabaseStateProblem.Interrupted,
                Interrupted.Select(r => r.Revision).ToList(),
                $"'{row.Revision}' is a non-transactional migration that started at {row.AppliedAt:u} and did not finish: " +
                "it failed, or its process died while running it, so it may be half applied.",
                "Either make it safe to run again (IF EXISTS / IF NOT EXISTS, drop what a failed CREATE INDEX CONCURRENTLY " +
                $"left INVALID) and re-run it with RetryInterrupted = true, or finish or undo it by hand and Stamp(\"{row.Revision}\") " +
                $"(finished) or Stamp(\"{parent}\") (undone).",
                new[]
                {
                    new Remedy(RemedyKind.RetryInterrupted, row.Revision, "once it is safe to run again (IF EXISTS / IF NOT EXISTS, drop what a failed CREATE INDEX CONCURRENTLY left INVALID), run it again"),
                    new Remedy(RemedyKind.Stamp, row.Revision, "or finish it by hand and record it"),
                    new Remedy(RemedyKind.Stamp, parent, "or undo it by hand and record its parent"),
                });
        }

        if (Unknown.Count > 0)
        {
            var ahead = Unknown.Where(IsAheadOfCode).ToList();
            var ids = Unknown.Select(r => r.Revision).ToList();
            if (ahead.Count > 0)
            {
                throw new DatabaseStateException(
                    DatabaseStateProblem.AheadOfCode,
                    ids,
                    $"The database is ahead of this code: it records {Describe(ahead)}, which these assemblies do not " +
                    "contain (newer code migrated it). Deploy the code that contains them, or downgrade with that code.",
                    $"If they were removed on purpose, Stamp the revision the schema really matches (e.g. Stamp(\"{KnownHeadBelow(ahead[0])}\")).",
                    new[] { new Remedy(RemedyKind.Stamp, KnownHeadBelow(ahead[0]), "if they were removed on purpose, record the revision the schema really matches, e.g.") });
            }

            throw new DatabaseStateException(
                DatabaseStateProblem.UnknownRevision,
                ids,
                $"Can't locate revision {Describe(Unknown)}: the database records {(Unknown.Count == 1 ? "it" : "them")} " +
                "but no migration in these assemblies declares " + (Unknown.Count == 1 ? "it" : "them") + ".",
                "If a migration was renamed or deleted, restore it, or Stamp the revision the schema really matches so the " +
                "records agree with the code.",
                new[] { new Remedy(RemedyKind.Stamp, When: "if a migration was renamed or deleted for good, record the revision the schema really matches") });
        }

        var missing = MissingAncestors();
        if (missing.Count > 0)
        {
            var (revision, ancestor) = missing[0];
            throw new DatabaseStateException(
                DatabaseStateProblem.MissingAncestor,
                missing.Select(m => m.Revision).Concat(missing.Select(m => m.Ancestor)).Distinct().ToList(),
                $"The database records '{revision}' but not its ancestor '{ancestor}': it did not follow the chain " +
                "(typically it ran while the chain was broken into two roots, or rows from two branches were recorded " +
                "by hand).",
                $"Check which schema it really has and Stamp that revision, e.g. Stamp(\"{revision}\") if '{ancestor}' is in fact applied.",
                new[] { new Remedy(RemedyKind.Stamp, revision, $"if '{ancestor}' is in fact applied, record '{revision}' as the revision") });
        }
    }

    /// <summary>Revisions recorded as applied whose ancestors are not all recorded.</summary>
    public List<(string Revision, string Ancestor)> MissingAncestors()
    {
        var missing = new List<(string, string)>();
        foreach (var node in Graph.TopologicalOrder)
        {
            if (!Applied[node])
            {
                continue;
            }

            foreach (var parent in Graph.Parents[node].Concat(Graph.DependsOn[node]))
            {
                if (!Applied[parent])
                {
                    missing.Add((Graph.Id(node), Graph.Id(parent)));
                }
            }
        }

        return missing;
    }

    /// <summary>The recorded heads: applied revisions that no other applied revision names as a parent.</summary>
    public IReadOnlyList<string> CurrentHeads()
    {
        var parentsOfApplied = new HashSet<string>(StringComparer.Ordinal);
        var applied = new List<string>();
        foreach (var node in Graph.TopologicalOrder)
        {
            if (Applied[node])
            {
                applied.Add(Graph.Id(node));
                foreach (var parent in Graph.Parents[node])
                {
                    parentsOfApplied.Add(Graph.Id(parent));
                }
            }
        }

        foreach (var row in Snapshot.Rows)
        {
            if (!Graph.Contains(row.Revision))
            {
                applied.Add(row.Revision);
                parentsOfApplied.UnionWith(row.Parents);
            }
        }

        return applied.Where(r => !parentsOfApplied.Contains(r)).ToList();
    }

    /// <summary>True when the unknown row descends, through recorded parents, from a revision the code knows.</summary>
    private bool IsAheadOfCode(VersionRow row) => KnownHeadBelow(row) is not null;

    private string? KnownHeadBelow(VersionRow row)
    {
        var recorded = Snapshot.Rows.ToDictionary(r => r.Revision, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(row.Parents);
        while (stack.Count > 0)
        {
            var revision = stack.Pop();
            if (!seen.Add(revision))
            {
                continue;
            }

            if (Graph.Contains(revision))
            {
                return revision;
            }

            if (recorded.TryGetValue(revision, out var parentRow))
            {
                foreach (var parent in parentRow.Parents)
                {
                    stack.Push(parent);
                }
            }
        }

        return null;
    }

    private static string Describe(IReadOnlyList<VersionRow> rows) => Names.List(rows.Select(r => r.Revision));
}
