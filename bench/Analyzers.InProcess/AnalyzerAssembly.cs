using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Benchmarks.Analyzers.InProcess;

/// <summary>
/// One analyzer assembly's analyzers and generators, loaded either once for the whole run (the referenced build:
/// its code is JIT-compiled in the first builds only) or anew for every build from a file, into a fresh collectible
/// load context, as the compiler server does for each command-line build: then every build pays the loading, type
/// initialisation and JIT compilation of the assembly's code, as a command-line build does.
/// </summary>
internal sealed class AnalyzerAssembly
{
    private readonly string? _path;
    private readonly Assembly? _loaded;
    private readonly bool _collectible;

    private AnalyzerAssembly(string name, string? path, Assembly? loaded, bool collectible = true)
    {
        Name = name;
        _path = path;
        _loaded = loaded;
        _collectible = collectible;
    }

    public string Name { get; }

    /// <summary>The assembly the benchmark references, loaded once.</summary>
    public static AnalyzerAssembly Referenced(Assembly assembly) => new("ours", null, assembly);

    /// <summary>
    /// The assembly at <paramref name="path"/>, loaded anew for every build. Not <paramref name="collectible"/>: the
    /// load contexts are never unloaded (they pile up over a run), but the runtime uses a ReadyToRun image's
    /// precompiled code there, as in the compiler server, where in a collectible context it JIT-compiles everything.
    /// </summary>
    public static AnalyzerAssembly FreshEachBuild(string name, string path, bool collectible = true) => new(name, Path.GetFullPath(path), null, collectible);

    /// <summary>Loads (when fresh) and instantiates the assembly's analyzers and generators for one build.</summary>
    public (ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<ISourceGenerator> Generators) Instantiate(bool prejit = false)
    {
        // Not collectible: from a copy at a new path each time, because the runtime uses an image's precompiled code
        // only in the first load context that loads that file (measured: the second load of the same file
        // JIT-compiled as much as the IL build).
        var path = _path;
        if (path is not null && !_collectible)
        {
            path = Path.Combine(Directory.CreateTempSubdirectory("mchain-analyzer-").FullName, Path.GetFileName(path));
            File.Copy(_path!, path);
        }

        var assembly = _loaded ?? new FreshContext(path!, _collectible).LoadFromAssemblyPath(path!);
        if (prejit && _loaded is null)
        {
            Prejit(assembly);
        }

        var types = assembly.GetTypes().Where(t => !t.IsAbstract).ToArray();
        var analyzers = types
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var generators = types
            .Where(t => t.IsDefined(typeof(GeneratorAttribute), false))
            .Select(t => Activator.CreateInstance(t) switch
            {
                IIncrementalGenerator incremental => incremental.AsSourceGenerator(),
                ISourceGenerator plain => plain,
                _ => throw new InvalidOperationException($"{t} is marked [Generator] but is no generator"),
            })
            .ToImmutableArray();
        return (analyzers, generators);
    }

    /// <summary>JIT-compiles every non-generic method of the assembly (generic ones compile per instantiation, when used).</summary>
    private static void Prejit(Assembly assembly)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes().Where(t => !t.ContainsGenericParameters))
        {
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                if (!method.IsAbstract && !method.ContainsGenericParameters && method.GetMethodBody() is not null)
                {
                    System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
            }
        }
    }

    /// <summary>Resolves everything but the analyzer assembly itself (Roslyn, the framework) from the default context.</summary>
    private sealed class FreshContext(string path, bool collectible) : AssemblyLoadContext("analyzer " + Path.GetFileName(path), isCollectible: collectible)
    {
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
