using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// The assemblies an application ships that could declare migrations: those its <c>.deps.json</c> lists (the set the
/// .NET host loads it with, project references included whether or not code uses them) that reference
/// MigrationChain.Runtime, the same test the build task applies to a project's references. Nothing is loaded here:
/// each candidate is opened for its metadata only. The migrations themselves are found by the runtime's discovery.
/// </summary>
internal static class ApplicationAssemblies
{
    private const string RuntimeAssembly = "MigrationChain.Runtime";

    /// <summary>
    /// The simple names of the application's assemblies that reference the runtime, the application's own first.
    /// Without a <c>.deps.json</c> (an assembly copied on its own), the assemblies lying beside it.
    /// </summary>
    public static IReadOnlyList<string> ReferencingRuntime(string assemblyPath, Func<string, string?> resolve, Action<string> trace)
    {
        var depsFile = Path.ChangeExtension(assemblyPath, ".deps.json");
        var self = Path.GetFullPath(assemblyPath);
        var found = new List<string>();

        // Plain loops: this runs on every command, and LINQ over tuples costs a start more to compile than to run.
        if (File.Exists(depsFile))
        {
            foreach (var name in DepsAssemblies(depsFile, trace))
            {
                if (resolve(name) is { } path && IsCandidate(name, path, self))
                {
                    found.Add(name);
                }
            }
        }
        else
        {
            foreach (var path in Directory.EnumerateFiles(Path.GetDirectoryName(assemblyPath)!, "*.dll"))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (IsCandidate(name, path, self))
                {
                    found.Add(name);
                }
            }
        }

        trace($"{Path.GetFileName(assemblyPath)} ships {found.Count} other assembly(ies) referencing {RuntimeAssembly}{(found.Count == 0 ? string.Empty : ": " + string.Join(", ", found))}");
        return found;
    }

    private static bool IsCandidate(string name, string path, string self) =>
        !string.Equals(name, RuntimeAssembly, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(Path.GetFullPath(path), self, StringComparison.Ordinal)
        && ReferencesRuntime(path);

    /// <summary>True when the file is a .NET assembly with a reference to MigrationChain.Runtime.</summary>
    public static bool ReferencesRuntime(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return false;
            }

            foreach (var handle in reader.AssemblyReferences)
            {
                if (reader.StringComparer.Equals(reader.GetAssemblyReference(handle).Name, RuntimeAssembly))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException or InvalidOperationException)
        {
            // A native library or an unreadable file among the dependencies cannot declare migrations.
            return false;
        }
    }

    /// <summary>The runtime assemblies of every library the <c>.deps.json</c> lists for its target, by simple name.</summary>
    private static List<string> DepsAssemblies(string depsFile, Action<string> trace)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(depsFile));
            var root = document.RootElement;
            if (!root.TryGetProperty("runtimeTarget", out var runtimeTarget)
                || !runtimeTarget.TryGetProperty("name", out var targetName)
                || !root.TryGetProperty("targets", out var targets)
                || !targets.TryGetProperty(targetName.GetString() ?? string.Empty, out var libraries))
            {
                return names;
            }

            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.TryGetProperty("runtime", out var runtime))
                {
                    foreach (var file in runtime.EnumerateObject())
                    {
                        var name = Path.GetFileNameWithoutExtension(file.Name);
                        if (seen.Add(name))
                        {
                            names.Add(name);
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            trace($"could not read {depsFile}: {e.Message}");
        }

        return names;
    }
}
