using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using MigrationChain.Cli.Chain;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;
using MigrationChain.Discovery;
using MigrationChain.Manifest;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// The migrations of an application: the assemblies it was given, and every assembly they ship that references
/// MigrationChain.Runtime, each loaded into a context of its own, with the chain read the same way the runner reads it
/// but without refusing a broken chain: showing the heads of a chain that has two is how the user learns what to merge.
/// </summary>
internal sealed class MigrationAssembly
{
    private readonly Lazy<IReadOnlyList<Type>> _types;

    private MigrationAssembly(IReadOnlyList<Assembly> assemblies, IReadOnlyList<Assembly> named, ChainView chain, ProjectOutput? project, CliConsole console)
    {
        Assemblies = assemblies;
        Chain = chain;
        Project = project;
        _types = new Lazy<IReadOnlyList<Type>>(() => named.SelectMany(a => LoadableTypes(a, console)).ToList());
    }

    /// <summary>The assemblies the runner is given: the named ones first, then the ones they ship.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>The first assembly named (the startup project's, or the first <c>--assembly</c>).</summary>
    public Assembly Main => Assemblies[0];

    /// <summary>
    /// Every type of the named assemblies that could be loaded (a type whose dependencies are missing is left out),
    /// read on first use: only scaffolding needs them, and loading 10,000 classes is most of a large chain's cost.
    /// </summary>
    public IReadOnlyList<Type> Types => _types.Value;

    public ChainView Chain { get; }

    /// <summary>The project the assembly was built from, when <c>--project</c> or <c>--startup-project</c> named one.</summary>
    public ProjectOutput? Project { get; }

    /// <summary>
    /// Loads the assemblies and what they ship. A set without a single migration is refused (naming every assembly
    /// searched) unless <paramref name="mayBeEmpty"/>: a tool that reads no chain must never report it as fine.
    /// </summary>
    public static MigrationAssembly Load(IReadOnlyList<string> assemblyPaths, ProjectOutput? project, CliConsole console, bool mayBeEmpty = false)
    {
        var loaded = new List<Assembly>();
        var named = new List<Assembly>();
        var byName = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var given in assemblyPaths)
        {
            var path = Path.GetFullPath(given);
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Usage, $"The assembly '{given}' does not exist.",
                    "Build the project that holds your migrations and pass its output with --assembly, or pass the project with --project.");
            }

            console.Trace($"loading {path}");
            var context = new MigrationLoadContext(path, console);
            Assembly assembly;
            try
            {
                assembly = context.LoadFromAssemblyPath(path);
            }
            catch (BadImageFormatException e)
            {
                throw new CliException(ExitCodes.Usage, $"'{given}' is not a .NET assembly: {e.Message}");
            }

            if (!byName.Add(assembly.GetName().Name ?? path))
            {
                continue;
            }

            loaded.Add(assembly);
            named.Add(assembly);
            foreach (var shipped in ApplicationAssemblies.ReferencingRuntime(path, name => context.PathOf(new AssemblyName(name)), console.Trace))
            {
                if (byName.Add(shipped) && TryLoad(context, shipped, console) is { } reference)
                {
                    loaded.Add(reference);
                }
            }
        }

        var locations = new SourceLocator(console);
        var migrations = new List<MigrationType>();
        // The runtime's own discovery, so the tool sees exactly what the runner will run, and refuses, as it would, when
        // listed migrations are missing: a format-2 manifest's rows stand for their classes (no class is loaded, so a
        // chain of 10,000 revisions shows quickly), an older manifest names its classes, an assembly without one is
        // scanned. The chain is not validated here: showing a broken one is how the user learns what to fix.
        var fromManifests = new List<string>();
        foreach (var definition in MigrationTypeSource.Definitions(loaded))
        {
            if (!definition.IsResolved && definition.Info.TypeName is { } typeName)
            {
                var assembly = definition.DeclaringAssembly;
                var (file, location) = locations.Find(assembly, typeName, definition.Revision, definition.Source);
                migrations.Add(new MigrationType(assembly, typeName, location is null ? definition.Info : definition.Info with { Location = location }, file));
                fromManifests.Add(assembly.GetName().Name ?? string.Empty);
            }
            else
            {
                var type = definition.Type;
                var (file, location) = locations.Find(type, definition.Revision);
                migrations.Add(new MigrationType(type, location is null ? definition.Info : definition.Info with { Location = location }, file));
            }
        }

        if (fromManifests.Count > 0)
        {
            console.Trace($"{fromManifests.Count} migration(s) from the chain manifests of {string.Join(", ", fromManifests.Distinct(StringComparer.OrdinalIgnoreCase))}");
        }

        console.Trace($"{migrations.Count} migration(s) in {string.Join(", ", loaded.Select(a => a.GetName().Name))}");
        if (migrations.Count == 0 && !mayBeEmpty)
        {
            throw NoMigrations(loaded, project);
        }

        var view = new ChainView(migrations);
        return new MigrationAssembly(loaded, named, view, project, console);
    }

    private static CliException NoMigrations(List<Assembly> searched, ProjectOutput? project) =>
        new(ExitCodes.Usage,
            $"No migrations found. Searched {searched.Count} assembly(ies): "
            + string.Join(", ", searched.Select(a => string.IsNullOrEmpty(a.Location) ? a.GetName().Name : a.Location))
            + " (the one given, and every assembly it ships that references MigrationChain.Runtime).",
            project is null
                ? "Pass the assembly that declares the migrations, or the application that references it, with --assembly (it may be repeated)."
                : "Pass the project that declares the migrations with --project, or the application that references the migration projects with --startup-project.");

    private static Assembly? TryLoad(MigrationLoadContext context, string name, CliConsole console)
    {
        try
        {
            return context.LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // The runner would miss it too; with a manifest it says so, naming the migrations it lacks.
            console.Trace($"could not load {name}: {e.Message}");
            return null;
        }
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

    /// <summary>
    /// Where a migration was written: what the source generator recorded (the manifest's source location, or
    /// <c>[MigrationSource]</c> in an older build) when that file is on this machine, else the assembly's PDB, read only
    /// for an assembly that needs it.
    /// </summary>
    private sealed class SourceLocator
    {
        private readonly Dictionary<Assembly, Dictionary<string, MigrationSourceAttribute>> _recorded = new();
        private readonly Dictionary<Assembly, SourceFiles> _pdbs = new();
        private readonly ExistingFiles _files = new();
        private readonly CliConsole _console;

        public SourceLocator(CliConsole console)
        {
            _console = console;
        }

        /// <summary>Where a class found by the runtime's discovery was written.</summary>
        public (string? File, SourceLocation? Location) Find(Type type, string revision)
        {
            var assembly = type.Assembly;
            if (!_recorded.TryGetValue(assembly, out var recorded))
            {
                recorded = new Dictionary<string, MigrationSourceAttribute>(StringComparer.Ordinal);
                foreach (var source in assembly.GetCustomAttributes<MigrationSourceAttribute>())
                {
                    recorded.TryAdd(source.Revision, source);
                }

                _recorded[assembly] = recorded;
            }

            return recorded.TryGetValue(revision, out var found)
                ? Recorded(found.FilePath, found.Line, found.Column) ?? FromPdb(assembly, type.FullName, revision)
                : FromPdb(assembly, type.FullName, revision);
        }

        /// <summary>Where a manifest row's class was written: the row's own location, else the PDB's.</summary>
        public (string? File, SourceLocation? Location) Find(Assembly assembly, string typeName, string revision, SourceLocation? recorded) =>
            (recorded is { } source ? Recorded(source.FilePath, source.Line, source.Column) : null)
            ?? FromPdb(assembly, typeName, revision);

        // The compiler's path as the project gave it (a shared folder may read "App/../Migrations/M0001.cs"),
        // normalized as the PDB's would be, so a message names the file the way the user sees it.
        private (string? File, SourceLocation? Location)? Recorded(string recorded, int line, int column)
        {
            string file;
            try
            {
                file = Path.IsPathFullyQualified(recorded) ? Path.GetFullPath(recorded) : recorded;
            }
            catch (ArgumentException)
            {
                return null;
            }

            return _files.Exists(file) ? (file, new SourceLocation(file, Math.Max(line, 1), Math.Max(column, 1))) : null;
        }

        private (string? File, SourceLocation? Location) FromPdb(Assembly assembly, string? typeName, string revision)
        {
            if (!_pdbs.TryGetValue(assembly, out var pdb))
            {
                pdb = string.IsNullOrEmpty(assembly.Location) ? SourceFiles.Empty : SourceFiles.Read(assembly.Location, _console.Trace);
                _pdbs[assembly] = pdb;
            }

            var file = typeName is null ? null : pdb.FileOf(typeName);
            return file is null ? (null, null) : (file, AttributeLocation.Find(file, revision));
        }
    }
}
