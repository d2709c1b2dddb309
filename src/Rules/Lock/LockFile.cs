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
/// </remarks>
internal sealed class LockFile
{
    /// <summary>The first line that is not a comment; the number changes if the format does.</summary>
    public const string VersionLine = "migrationchain-lock 1";

    private const string VersionKeyword = "migrationchain-lock";
    private const string HeadsKeyword = "heads";
    private const string NoParents = "-";

    private static readonly string[] Preamble =
    {
        "# migrations.lock: the migration chain this project builds, one revision per line in chain order:",
        "# revision, parents (- for a root), checksum of what the migration does. Written by the build; commit it.",
        "# CI builds (CI=true or ContinuousIntegrationBuild=true) fail when it does not match the migrations.",
        "# Two branches that each add a migration conflict on the 'heads' line: join the heads with a merge",
        "# migration (or re-parent one), then build locally to rewrite this file.",
    };

    private LockFile(IReadOnlyList<LockEntry> entries, IReadOnlyList<string> heads, IReadOnlyList<LockFileProblem> problems)
    {
        Entries = entries;
        Heads = heads;
        Problems = problems;
    }

    /// <summary>The revisions, in the order the file lists them.</summary>
    public IReadOnlyList<LockEntry> Entries { get; }

    /// <summary>The revisions the <c>heads</c> line names.</summary>
    public IReadOnlyList<string> Heads { get; }

    /// <summary>Lines that could not be read; empty for a file this class rendered.</summary>
    public IReadOnlyList<LockFileProblem> Problems { get; }

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
                if (line == VersionLine)
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

        return new LockFile(entries, heads, problems);
    }

    /// <summary>The file's text. Equal chains render to equal text, so the task can skip writing an unchanged lock.</summary>
    /// <param name="newline">The line ending to use; keep the one the existing file has so git sees no change.</param>
    public string Render(string newline = "\n")
    {
        var text = new StringBuilder(64 * (Entries.Count + 8));
        foreach (var line in Preamble)
        {
            text.Append(line).Append(newline);
        }

        text.Append(VersionLine).Append(newline);
        foreach (var entry in Entries)
        {
            text.Append(entry.Revision).Append(' ')
                .Append(entry.Parents.Count == 0 ? NoParents : string.Join(",", entry.Parents)).Append(' ')
                .Append(entry.Checksum).Append(newline);
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
