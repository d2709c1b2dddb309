using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MigrationChain.Lock;

/// <summary>
/// The contents of <c>migrations.lock</c>: the chain a project builds, one revision per line in chain order, each
/// with its parents and a checksum, and a last line naming the heads. Pure text in, text out; the MSBuild task does
/// the file I/O.
/// </summary>
/// <remarks>
/// The format is built to conflict when two branches each add a migration: both append a line after the same last
/// revision and both rewrite the single <c>heads</c> line, so git cannot merge the two lock files silently and the
/// parallel heads surface in review instead of in production.
/// <code>
/// migrationchain-lock 1
/// 0001_init - src:5e1f...
/// 0002_users 0001_init src:a4c0...
/// heads 0002_users
/// </code>
/// Once a deploy pipeline runs <c>mchain release</c>, the file also records a release boundary: a <c>released</c> line
/// naming the last released revisions (each with every revision before it, through the parents the file lists). The
/// version line then reads <c>migrationchain-lock 2</c>, so an older MigrationChain refuses the file instead of
/// silently ignoring the boundary; a file without the line (version 1) has no boundary.
/// <code>
/// migrationchain-lock 2
/// 0001_init - src:5e1f...
/// 0002_users 0001_init src:a4c0...
/// 0003_audit 0002_users src:77b2...
/// released 0002_users
/// heads 0003_audit
/// </code>
/// </remarks>
internal sealed class LockFile
{
    /// <summary>The first line that is not a comment; the number changes if the format does.</summary>
    public const string VersionLine = "migrationchain-lock 1";

    /// <summary>The version line of a file with a release boundary.</summary>
    public const string ReleasedVersionLine = "migrationchain-lock 2";

    /// <summary>
    /// The checksum <c>mchain release --accept-edit</c> writes for a released migration whose edit is deliberate: the
    /// next local build records the migration's new checksum in its place.
    /// </summary>
    public const string AcceptEditChecksum = "accept-edit";

    private const string VersionKeyword = "migrationchain-lock";
    private const string HeadsKeyword = "heads";
    private const string ReleasedKeyword = "released";
    private const string NoParents = "-";

    private static readonly string[] Preamble =
    {
        "# migrations.lock: the migration chain this project builds, one revision per line in chain order:",
        "# revision, parents (- for a root), checksum of what the migration does. Written by the build; commit it.",
        "# CI builds (CI=true or ContinuousIntegrationBuild=true) fail when it does not match the migrations.",
        "# Two branches that each add a migration conflict on the 'heads' line: join the heads with a merge",
        "# migration (or re-parent one), then build locally to rewrite this file.",
    };

    private static readonly string[] ReleasePreamble =
    {
        "# 'released' names the last revisions 'mchain release' marked as shipped; they and every revision before them",
        "# must not change (MC4004, in every build): write a new migration instead, or accept a deliberate edit with",
        "# 'mchain release --accept-edit <revision>' and build locally.",
    };

    private LockFile(IReadOnlyList<LockEntry> entries, IReadOnlyList<string> heads, IReadOnlyList<LockFileProblem> problems, IReadOnlyList<string>? released = null)
    {
        Entries = entries;
        Heads = heads;
        Problems = problems;
        Released = released ?? Array.Empty<string>();
    }

    /// <summary>The revisions, in the order the file lists them.</summary>
    public IReadOnlyList<LockEntry> Entries { get; }

    /// <summary>The revisions the <c>heads</c> line names.</summary>
    public IReadOnlyList<string> Heads { get; }

    /// <summary>Lines that could not be read; empty for a file this class rendered.</summary>
    public IReadOnlyList<LockFileProblem> Problems { get; }

    /// <summary>
    /// The revisions the <c>released</c> line names: the last released ones; everything before them is released too
    /// (<see cref="ReleaseBoundary"/> answers for a revision). Empty when the file has no release boundary.
    /// </summary>
    public IReadOnlyList<string> Released { get; }

    /// <summary>True when the file records a release boundary.</summary>
    public bool HasReleaseBoundary => Released.Count > 0;

    /// <summary>
    /// The same entries with a new boundary: the given revisions and everything before them. Revisions already
    /// released by the boundary stay released; the <c>released</c> line keeps only the last ones, so it stays short.
    /// </summary>
    /// <param name="revisions">Revisions this file lists (others are ignored: the caller checks and reports them).</param>
    public LockFile WithReleased(IEnumerable<string> revisions)
    {
        var boundary = ReleaseBoundary.Of(this);
        var released = new HashSet<string>(boundary.HasBoundary ? boundary.MarkedReleased : Enumerable.Empty<string>(), StringComparer.Ordinal);
        var byRevision = Entries.ToDictionary(e => e.Revision, StringComparer.Ordinal);
        var stack = new Stack<string>(revisions.Where(byRevision.ContainsKey));
        while (stack.Count > 0)
        {
            var revision = stack.Pop();
            if (released.Add(revision))
            {
                foreach (var parent in byRevision[revision].Parents.Where(byRevision.ContainsKey))
                {
                    stack.Push(parent);
                }
            }
        }

        // The last released revisions: released ones no released revision names as a parent.
        var parentsOfReleased = new HashSet<string>(Entries.Where(e => released.Contains(e.Revision)).SelectMany(e => e.Parents), StringComparer.Ordinal);
        var last = Entries.Where(e => released.Contains(e.Revision) && !parentsOfReleased.Contains(e.Revision)).Select(e => e.Revision).ToList();
        return new LockFile(Entries, Heads, Problems, last);
    }

    /// <summary>The same file with the checksum of a released revision replaced by <see cref="AcceptEditChecksum"/>.</summary>
    public LockFile WithAcceptedEdit(string revision) =>
        new(Entries.Select(e => e.Revision == revision ? e with { Checksum = AcceptEditChecksum } : e).ToList(), Heads, Problems, Released);

    /// <summary>
    /// The boundary of <paramref name="locked"/> (the file on disk) carried over to these entries (a local build's new
    /// lock): the boundary names revisions, so it survives any change to unreleased migrations.
    /// </summary>
    public LockFile WithBoundaryOf(LockFile? locked)
    {
        if (locked is null || !locked.HasReleaseBoundary)
        {
            return this;
        }

        var present = new HashSet<string>(Entries.Select(e => e.Revision), StringComparer.Ordinal);
        var kept = locked.Released.Where(present.Contains).ToList();
        return new LockFile(Entries, Heads, Problems, kept);
    }

    /// <summary>The lock for a chain: its revisions in chain order (parents first) and its heads.</summary>
    /// <param name="graph">A graph without errors (a broken chain is reported, never locked).</param>
    /// <param name="checksum">The checksum of each revision, as <c>kind:value</c> without whitespace.</param>
    public static LockFile FromChain(RevisionGraph graph, Func<RevisionInfo, string> checksum)
    {
        var entries = new List<LockEntry>(graph.Count);
        foreach (var node in graph.TopologicalOrder)
        {
            var info = graph.Nodes[node];
            entries.Add(new LockEntry(info.Revision, info.Parents, checksum(info)) { TypeName = info.TypeName });
        }

        return new LockFile(entries, graph.Heads.Select(graph.Id).ToList(), Array.Empty<LockFileProblem>());
    }

    /// <summary>Reads a lock file. Never throws: what it cannot read it lists in <see cref="Problems"/>.</summary>
    public static LockFile Parse(string text)
    {
        var entries = new List<LockEntry>();
        var heads = new List<string>();
        var released = new List<string>();
        var releasedLine = 0;
        var problems = new List<LockFileProblem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var sawVersion = false;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var line = lines[index].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (IsConflictMarker(line))
            {
                problems.Add(new LockFileProblem(number, "an unresolved merge conflict", IsMergeConflict: true));
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!sawVersion)
            {
                sawVersion = true;
                if (line == VersionLine || line == ReleasedVersionLine)
                {
                    continue;
                }

                if (fields[0] == VersionKeyword)
                {
                    problems.Add(new LockFileProblem(number, $"'{line}' is a format this version of MigrationChain does not read (expected '{VersionLine}')", IsMergeConflict: false));
                    continue;
                }

                problems.Add(new LockFileProblem(number, $"the file does not start with '{VersionLine}'", IsMergeConflict: false));
            }

            if (fields[0] == HeadsKeyword)
            {
                heads.AddRange(fields.Skip(1));
                continue;
            }

            if (fields[0] == ReleasedKeyword)
            {
                releasedLine = number;
                released.AddRange(fields.Skip(1).Where(r => !released.Contains(r)));
                continue;
            }

            if (fields.Length != 3)
            {
                problems.Add(new LockFileProblem(number, "expected 'revision parents checksum'", IsMergeConflict: false));
                continue;
            }

            if (seen.TryGetValue(fields[0], out var first))
            {
                problems.Add(new LockFileProblem(number, $"'{fields[0]}' is already listed on line {first}", IsMergeConflict: false));
                continue;
            }

            seen.Add(fields[0], number);
            var parents = fields[1] == NoParents ? Array.Empty<string>() : fields[1].Split(',');
            entries.Add(new LockEntry(fields[0], parents, fields[2]) { Line = number });
        }

        // A typo on the released line would otherwise unrelease everything silently.
        foreach (var revision in released.Where(r => !seen.ContainsKey(r)))
        {
            problems.Add(new LockFileProblem(releasedLine, $"the released line names '{revision}', which the file does not list", IsMergeConflict: false));
        }

        return new LockFile(entries, heads, problems, released.Where(seen.ContainsKey).ToList());
    }

    /// <summary>The file's text. Equal chains render to equal text, so the task can skip writing an unchanged lock.</summary>
    /// <param name="newline">The line ending to use; keep the one the existing file has so git sees no change.</param>
    public string Render(string newline = "\n")
    {
        var text = new StringBuilder(64 * (Entries.Count + 8));
        foreach (var line in HasReleaseBoundary ? Preamble.Concat(ReleasePreamble) : Preamble)
        {
            text.Append(line).Append(newline);
        }

        text.Append(HasReleaseBoundary ? ReleasedVersionLine : VersionLine).Append(newline);
        foreach (var entry in Entries)
        {
            text.Append(entry.Revision).Append(' ')
                .Append(entry.Parents.Count == 0 ? NoParents : string.Join(",", entry.Parents)).Append(' ')
                .Append(entry.Checksum).Append(newline);
        }

        if (HasReleaseBoundary)
        {
            text.Append(ReleasedKeyword);
            foreach (var revision in Released)
            {
                text.Append(' ').Append(revision);
            }

            text.Append(newline);
        }

        text.Append(HeadsKeyword);
        foreach (var head in Heads)
        {
            text.Append(' ').Append(head);
        }

        return text.Append(newline).ToString();
    }

    private static bool IsConflictMarker(string line) =>
        line.StartsWith("<<<<<<<", StringComparison.Ordinal)
        || line.StartsWith(">>>>>>>", StringComparison.Ordinal)
        || line.StartsWith("|||||||", StringComparison.Ordinal)
        || line == "=======";
}
