using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MigrationChain.Build.Checksums;
using MigrationChain.Build.Locations;
using MigrationChain.Build.Metadata;
using MigrationChain.Lock;

namespace MigrationChain.Build.Checking;

/// <summary>
/// The task's work without MSBuild: read every migration from metadata, check the chain with the shared rules, and
/// compare or refresh the lock. Reads files; writes none (the task writes the lock).
/// </summary>
internal static class ChainCheck
{
    private const string SourceChecksumKind = "src";

    public static ChainCheckResult Run(ChainCheckRequest request)
    {
        var assemblies = Open(request);
        try
        {
            return Check(request, assemblies);
        }
        finally
        {
            foreach (var assembly in assemblies)
            {
                assembly.Dispose();
            }
        }
    }

    private static ChainCheckResult Check(ChainCheckRequest request, List<MigrationAssembly> assemblies)
    {
        var classCheck = new MigrationClassCheck(assemblies);
        var migrations = new List<DeclaredMigration>();
        var declaring = 0;
        foreach (var assembly in assemblies)
        {
            var declared = assembly.ReadMigrations(classCheck);
            migrations.AddRange(declared);
            declaring += declared.Count > 0 ? 1 : 0;
        }

        var byInfo = new Dictionary<RevisionInfo, DeclaredMigration>(migrations.Count, ReferenceComparer.Instance);
        foreach (var migration in migrations)
        {
            byInfo[migration.Info] = migration;
        }

        using var locator = new MigrationLocator(request.Paths);
        var graph = RevisionGraph.Build(migrations.Select(m => m.Info));
        var diagnostics = new List<BuildDiagnostic>();
        foreach (var problem in ChainValidator.Validate(graph))
        {
            diagnostics.Add(At(locator.Locate(byInfo[problem.ReportedOn]), problem.Id, problem.Severity == ChainSeverity.Error, problem.Message));
        }

        var keepsLock = request.LockFilePath is not null && (migrations.Count > 0 || request.LockText is not null);
        if (!keepsLock || diagnostics.Any(d => d.IsError))
        {
            // A broken chain is reported, never locked: the lock records chains that can run.
            return new ChainCheckResult(diagnostics, migrations.Count, declaring) { KeepsLock = keepsLock };
        }

        var current = LockFile.FromChain(graph, info => Checksum(byInfo[info]));
        var checkedChain = new ChainCheckResult(diagnostics, migrations.Count, declaring) { KeepsLock = true };
        Func<string, SourceLocation?> locate = revision => graph.TryGetIndex(revision, out var node) ? locator.Locate(byInfo[graph.Nodes[node]]) : null;
        return request.VerifyLock
            ? Verify(request, current, checkedChain, locate)
            : Refresh(request, current, checkedChain, locate);
    }

    /// <summary>CI: every difference between the committed lock and the chain is an error; nothing is written.</summary>
    private static ChainCheckResult Verify(ChainCheckRequest request, LockFile current, ChainCheckResult found, Func<string, SourceLocation?> locate)
    {
        var diagnostics = found.Diagnostics.ToList();
        var locked = request.LockText is null ? null : LockFile.Parse(request.LockText);
        foreach (var difference in LockComparison.Compare(locked, current, Path.GetFileName(request.LockFilePath!)))
        {
            diagnostics.Add(Locate(request, difference, locate));
        }

        return new ChainCheckResult(diagnostics, found.MigrationCount, found.AssemblyCount) { KeepsLock = true };
    }

    private static BuildDiagnostic Locate(ChainCheckRequest request, LockDiagnostic difference, Func<string, SourceLocation?> locate)
    {
        var location = difference.PointsAtMigration ? locate(difference.Revision!) : null;
        return location is not null
            ? At(location, difference.Id, isError: true, difference.Message)
            : new BuildDiagnostic(difference.Id, IsError: true, difference.Message, request.LockFilePath, difference.LockLine, difference.LockLine > 0 ? 1 : 0);
    }

    /// <summary>
    /// A local build: the new text when it differs from the file's, and what changed, for the log. Unreleased
    /// migrations may change freely (the lock follows); a released one that changed fails the build (MC4004) and
    /// nothing is written.
    /// </summary>
    private static ChainCheckResult Refresh(ChainCheckRequest request, LockFile current, ChainCheckResult found, Func<string, SourceLocation?> locate)
    {
        var fileName = Path.GetFileName(request.LockFilePath!);
        var locked = request.LockText is null ? null : LockFile.Parse(request.LockText);
        var refused = LockComparison.ReleasedChanges(locked, current, fileName);
        if (refused.Count > 0)
        {
            var diagnostics = found.Diagnostics.Concat(refused.Select(d => Locate(request, d, locate))).ToList();
            return new ChainCheckResult(diagnostics, found.MigrationCount, found.AssemblyCount) { KeepsLock = true };
        }

        current = current.WithBoundaryOf(locked);

        // Keep the file's line endings (git may have checked it out with CRLF), so an unchanged chain writes nothing.
        var newline = request.LockText is not null && request.LockText.Contains("\r\n") ? "\r\n" : "\n";
        var text = current.Render(newline);
        if (string.Equals(text, request.LockText, StringComparison.Ordinal))
        {
            return found;
        }

        return new ChainCheckResult(found.Diagnostics, found.MigrationCount, found.AssemblyCount)
        {
            KeepsLock = true,
            LockTextToWrite = text,
            LockChanges = locked is null
                ? new[] { $"{fileName} created with {current.Entries.Count} migration(s)." }
                : LockComparison.Compare(locked, current, fileName).Select(d => Describe(d, locked)).ToList(),
        };
    }

    private static string Describe(LockDiagnostic change, LockFile locked) =>
        change.Revision is { } revision && locked.Entries.Any(e => e.Revision == revision && e.Checksum == LockFile.AcceptEditChecksum)
            ? $"'{revision}': the accepted edit of this released migration is recorded with its new checksum."
            : $"{change.Id}: {change.Message}";

    private static List<MigrationAssembly> Open(ChainCheckRequest request)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var assemblies = new List<MigrationAssembly>();
        foreach (var path in new[] { request.AssemblyPath }.Concat(request.ReferencePaths))
        {
            if (seen.Add(Path.GetFullPath(path)) && MigrationAssembly.TryOpen(path) is { } assembly)
            {
                assemblies.Add(assembly);
            }
        }

        return assemblies;
    }

    private static string Checksum(DeclaredMigration migration) =>
        migration.Source is { HasUsableChecksum: true } source
            ? SourceChecksumKind + ":" + source.Checksum
            : IlFingerprint.Compute(migration.Assembly, migration.Type);

    private static BuildDiagnostic At(SourceLocation? location, string id, bool isError, string message) =>
        new(id, isError, message, location?.FilePath, location?.Line ?? 0, location?.Column ?? 0);

    /// <summary>Matches the rules' diagnostics to declarations by identity: two declarations may carry equal facts.</summary>
    private sealed class ReferenceComparer : IEqualityComparer<RevisionInfo>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(RevisionInfo? x, RevisionInfo? y) => ReferenceEquals(x, y);

        public int GetHashCode(RevisionInfo obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
