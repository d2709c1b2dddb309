using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// Loads a migration assembly with its own dependencies (from its <c>.deps.json</c>, as its application would), apart
/// from the tool's. The exception is the small set of assemblies whose types cross between the two: those always
/// come from the tool.
/// </summary>
internal sealed class MigrationLoadContext : AssemblyLoadContext
{
    // Migration, [Migration] and MigrationBuilder must be the tool's types, or the runner finds no migrations in the
    // assembly; the drivers must be too, because a migration may cast MigrationBuilder.Connection to its driver's type.
    private static readonly HashSet<string> SharedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "MigrationChain.Runtime", "MigrationChain.Rules", "Microsoft.Data.Sqlite", "Npgsql",
    };

    private const string SharedPrefix = "SQLitePCLRaw.";

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;
    private readonly CliConsole _console;

    public MigrationLoadContext(string assemblyPath, CliConsole console)
        : base("migrations: " + Path.GetFileName(assemblyPath), isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(assemblyPath);
        _directory = Path.GetDirectoryName(assemblyPath)!;
        _console = console;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? string.Empty;
        if (SharedNames.Contains(name) || name.StartsWith(SharedPrefix, StringComparison.OrdinalIgnoreCase))
        {
            _console.Trace($"{name}: the tool's own copy (shared with the migrations)");
            return null;
        }

        var path = PathOf(assemblyName);
        if (path is null)
        {
            return null;
        }

        _console.Trace($"{name}: {path}");
        return LoadFromAssemblyPath(path);
    }

    /// <summary>Where the application would load an assembly from: its <c>.deps.json</c>, else its folder.</summary>
    public string? PathOf(AssemblyName assemblyName) =>
        _resolver.ResolveAssemblyToPath(assemblyName) ?? Beside(assemblyName.Name ?? string.Empty);

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    // An assembly copied without its .deps.json still finds the dependencies lying next to it.
    private string? Beside(string name)
    {
        var candidate = Path.Combine(_directory, name + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }
}
