using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MigrationChain.Build.Checking;
using MigrationChain.Build.Locations;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MigrationChain.Build.Tasks;

/// <summary>
/// Checks the migration chain across the project's assembly and every referenced assembly (rules MC1001-MC1008),
/// then keeps <c>migrations.lock</c>: rewritten by local builds, verified by CI builds (MC4001-MC4003).
/// </summary>
public sealed class CheckMigrationChain : Microsoft.Build.Utilities.Task
{
    /// <summary>The assembly the project compiled.</summary>
    [Required]
    public ITaskItem? Assembly { get; set; }

    /// <summary>The resolved references; assemblies that do not reference MigrationChain.Runtime are skipped.</summary>
    public ITaskItem[] References { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project's <c>SourceRoot</c> items: their <c>MappedPath</c> turns deterministic paths back into local ones.</summary>
    public ITaskItem[] SourceRoots { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The lock file to keep; empty to keep none.</summary>
    public string? LockFile { get; set; }

    /// <summary>True in CI: a lock that does not match fails the build instead of being rewritten.</summary>
    public bool VerifyLock { get; set; }

    /// <summary>True when the project has a lock file to keep, so the targets can rerun the task if it disappears.</summary>
    [Output]
    public bool KeepsLock { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var lockPath = string.IsNullOrWhiteSpace(LockFile) ? null : Path.GetFullPath(LockFile);
        var result = ChainCheck.Run(new ChainCheckRequest(Assembly!.GetMetadata("FullPath"))
        {
            ReferencePaths = References.Select(r => r.GetMetadata("FullPath")).ToList(),
            LockFilePath = lockPath,
            LockText = lockPath is not null && File.Exists(lockPath) ? File.ReadAllText(lockPath) : null,
            VerifyLock = VerifyLock,
            Paths = new SourcePathMap(SourceRoots
                .Select(r => new KeyValuePair<string, string>(r.ItemSpec, r.GetMetadata("MappedPath")))),
        });

        Log.LogMessage(
            MessageImportance.Normal,
            "MigrationChain: checked {0} migration(s) declared in {1} assembly(ies).",
            result.MigrationCount,
            result.AssemblyCount);
        foreach (var diagnostic in result.Diagnostics)
        {
            Report(diagnostic);
        }

        KeepsLock = result.KeepsLock;
        if (result.LockTextToWrite is not null && !Log.HasLoggedErrors)
        {
            WriteReplacing(lockPath!, result.LockTextToWrite);
            Log.LogMessage(MessageImportance.High, "MigrationChain: updated {0}; commit it with the migrations.", lockPath);
            foreach (var change in result.LockChanges)
            {
                Log.LogMessage(MessageImportance.High, "  {0}", change);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void Report(BuildDiagnostic diagnostic)
    {
        // The message goes in as an argument: messages quote C# such as 'new[] { "a" }', which is not a format string.
        var helpLink = RuleIds.HelpLink(diagnostic.Id);
        if (diagnostic.IsError)
        {
            Log.LogError(null, diagnostic.Id, diagnostic.Id, helpLink, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, "{0}", diagnostic.Message);
        }
        else
        {
            Log.LogWarning(null, diagnostic.Id, diagnostic.Id, helpLink, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, "{0}", diagnostic.Message);
        }
    }

    /// <summary>Writes through a temporary file, so a build that is killed halfway never leaves half a lock file.</summary>
    private static void WriteReplacing(string path, string text)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (File.Exists(path))
        {
            File.Replace(temporary, path, destinationBackupFileName: null);
        }
        else
        {
            File.Move(temporary, path);
        }
    }
}
