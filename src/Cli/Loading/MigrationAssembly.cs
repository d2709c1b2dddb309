using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using MigrationChain.Cli.Chain;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;
using MigrationChain.Discovery;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// A migration assembly loaded into its own context, with its chain read the same way the runner reads it, but
/// without refusing a broken chain: showing the heads of a chain that has two is how the user learns what to merge.
/// </summary>
internal sealed class MigrationAssembly
{
    private MigrationAssembly(string path, Assembly assembly, IReadOnlyList<Type> types, ChainView chain, ProjectOutput? project)
    {
        Path = path;
        Assembly = assembly;
        Types = types;
        Chain = chain;
        Project = project;
    }

    public string Path { get; }

    public Assembly Assembly { get; }

    /// <summary>Every type that could be loaded (a type whose dependencies are missing is left out).</summary>
    public IReadOnlyList<Type> Types { get; }

    public ChainView Chain { get; }

    /// <summary>The project the assembly was built from, when <c>--project</c> named one.</summary>
    public ProjectOutput? Project { get; }

    public static MigrationAssembly Load(string assemblyPath, ProjectOutput? project, CliConsole console)
    {
        var path = System.IO.Path.GetFullPath(assemblyPath);
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.Usage, $"The assembly '{assemblyPath}' does not exist.",
                "Build the project that holds your migrations and pass its output with --assembly, or pass the project with --project.");
        }

        console.Trace($"loading {path}");
        Assembly assembly;
        try
        {
            assembly = new MigrationLoadContext(path, console).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException e)
        {
            throw new CliException(ExitCodes.Usage, $"'{assemblyPath}' is not a .NET assembly: {e.Message}");
        }

        var sources = SourceFiles.Read(path, console.Trace);
        var types = LoadableTypes(assembly, console).ToList();
        var migrations = new List<MigrationType>();

        // The runtime's own discovery: with a chain manifest the whole chain across the app's assemblies, so the
        // tool sees exactly what the runner will run (and refuses, as it would, when listed migrations are missing).
        foreach (var type in MigrationTypeSource.Find(new[] { assembly }))
        {
            var attribute = type.GetCustomAttribute<MigrationAttribute>(inherit: false);
            if (attribute is null)
            {
                continue;
            }

            var file = type.Assembly == assembly ? sources.FileOf(type) : null;
            var info = MigrationCatalog.Describe(type, attribute);
            if (file is not null)
            {
                info = info with { Location = AttributeLocation.Find(file, info.Revision) };
            }

            migrations.Add(new MigrationType(type, info, file));
        }

        console.Trace($"{migrations.Count} migration(s) in {assembly.GetName().Name}");
        return new MigrationAssembly(path, assembly, types, new ChainView(migrations), project);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly, CliConsole console)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // The runner skips the same types; say why in a trace, since a missing migration is otherwise a mystery.
            foreach (var problem in e.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct())
            {
                console.Trace("type load: " + problem);
            }

            return e.Types.Where(t => t is not null)!;
        }
    }
}
