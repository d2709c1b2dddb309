using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// Where a project's assembly was the last time MSBuild said, kept in the project's <c>obj</c> folder, so that
/// <c>--no-build</c> does not pay an MSBuild evaluation (a second or more) to find a file it already knows. An entry
/// is used only while it is newer than the project file and every file above it that commonly changes where the
/// output goes (<c>Directory.Build.props/.targets</c>, <c>Directory.Packages.props</c>, <c>global.json</c>), and while
/// the assembly it names exists; otherwise MSBuild is asked again. The build with the chain rules lowered (see
/// <see cref="ChainErrorBuild"/>) keeps an entry of its own, read only by the commands that may use such a build.
/// </summary>
internal static class ProjectOutputCache
{
    private static readonly string[] SettingFiles = { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json" };

    /// <summary>
    /// The remembered output; with <paramref name="chainErrorsAllowed"/>, the newer of the plain build's and the
    /// chain-rules-off build's, so a repaired chain built since is never hidden by the broken one.
    /// </summary>
    public static ProjectOutput? TryRead(string project, string configuration, string? framework, bool chainErrorsAllowed, Action<string> trace)
    {
        var plain = TryReadEntry(project, configuration, framework, chainRulesOff: false, trace);
        var lenient = chainErrorsAllowed ? TryReadEntry(project, configuration, framework, chainRulesOff: true, trace) : null;
        return plain is null || lenient is null
            ? plain ?? lenient
            : File.GetLastWriteTimeUtc(lenient.AssemblyPath) > File.GetLastWriteTimeUtc(plain.AssemblyPath) ? lenient : plain;
    }

    private static ProjectOutput? TryReadEntry(string project, string configuration, string? framework, bool chainRulesOff, Action<string> trace)
    {
        var path = EntryPath(project, configuration, framework, chainRulesOff);
        try
        {
            if (path is null || !File.Exists(path))
            {
                return null;
            }

            var written = File.GetLastWriteTimeUtc(path);
            if (SettingsOf(project).FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > written) is { } changed)
            {
                trace($"{changed} changed since {path} was written: asking MSBuild");
                return null;
            }

            var fields = File.ReadAllText(path).Split('\n');
            if (fields.Length < 2 || !File.Exists(fields[0]))
            {
                return null;
            }

            trace($"output of {Path.GetFileName(project)} from {path}: {fields[0]}");
            return new ProjectOutput(fields[0], Path.GetDirectoryName(project)!, fields[1].Length == 0 ? null : fields[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            trace($"could not read {path}: {e.Message}");
            return null;
        }
    }

    /// <summary>Best effort: without an <c>obj</c> folder, or when it cannot be written, nothing is kept.</summary>
    public static void Write(string project, string configuration, string? framework, bool chainRulesOff, ProjectOutput output, Action<string> trace)
    {
        var path = EntryPath(project, configuration, framework, chainRulesOff);
        if (path is null)
        {
            return;
        }

        try
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, output.AssemblyPath + "\n" + (output.RootNamespace ?? string.Empty));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            trace($"could not write {path}: {e.Message}");
        }
    }

    private static string? EntryPath(string project, string configuration, string? framework, bool chainRulesOff)
    {
        var obj = Path.Combine(Path.GetDirectoryName(project)!, "obj");
        var name = $"mchain.{Path.GetFileNameWithoutExtension(project)}.{configuration}.{framework ?? "default"}{(chainRulesOff ? ".chain-rules-off" : string.Empty)}.output";
        return Directory.Exists(obj) && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 ? Path.Combine(obj, name) : null;
    }

    private static IEnumerable<string> SettingsOf(string project)
    {
        yield return project;
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(project)!); directory is not null; directory = directory.Parent)
        {
            foreach (var name in SettingFiles)
            {
                var candidate = Path.Combine(directory.FullName, name);
                if (File.Exists(candidate))
                {
                    yield return candidate;
                }
            }
        }
    }
}
