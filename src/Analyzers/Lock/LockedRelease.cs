using System;
using System.Threading;
using MigrationChain.Lock;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Lock;

/// <summary>
/// The project's <c>migrations.lock</c> as the analyzers see it: an AdditionalFile (MigrationChain.Build adds it), read
/// and parsed once per compilation. Analyzers never read files themselves.
/// </summary>
internal sealed class LockedRelease
{
    /// <summary>The item metadata MigrationChain.Build sets on the lock file it adds to AdditionalFiles.</summary>
    private const string LockMetadata = "build_metadata.AdditionalFiles.MigrationChainLock";

    private const string DefaultFileName = "migrations.lock";

    private static readonly char[] Separators = { '/', '\\' };

    private static readonly LockedRelease NoLock = new(null, ReleaseBoundary.None, DefaultFileName);

    private LockedRelease(LockFile? file, ReleaseBoundary boundary, string fileName)
    {
        File = file;
        Boundary = boundary;
        FileName = fileName;
    }

    /// <summary>The parsed lock file, or null when the project has none.</summary>
    public LockFile? File { get; }

    /// <summary>Which revisions have shipped; without a boundary in the lock, every revision counts as released.</summary>
    public ReleaseBoundary Boundary { get; }

    /// <summary>How messages name the lock file.</summary>
    public string FileName { get; }

    public static LockedRelease Read(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        foreach (var additional in options.AdditionalFiles)
        {
            var marked = options.AnalyzerConfigOptionsProvider.GetOptions(additional).TryGetValue(LockMetadata, out var flag)
                && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);
            var fileName = FileNameOf(additional.Path);
            if (!marked && !string.Equals(fileName, DefaultFileName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = additional.GetText(cancellationToken)?.ToString();
            if (text is null)
            {
                continue;
            }

            var file = LockFile.Parse(text);
            return new LockedRelease(file, ReleaseBoundary.Of(file), fileName);
        }

        return NoLock;
    }

    // Not Path.GetFileName: on .NET Framework hosts it throws for characters it considers invalid, and an analyzer must not.
    private static string FileNameOf(string path)
    {
        var slash = path.LastIndexOfAny(Separators);
        return slash < 0 ? path : path.Substring(slash + 1);
    }
}
