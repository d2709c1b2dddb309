using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using MigrationChain.Manifest;

namespace MigrationChain.Discovery;

/// <summary>
/// Which migrations a set of assemblies holds. An assembly carrying a chain manifest (written by the source generator
/// at build time) names them: a format-2 manifest carries every revision's chain facts, so its migrations are known
/// without loading a class; a format-1 manifest names the classes, which are taken directly without scanning. Either
/// way a listed revision that the deployed assemblies do not contain stops everything before the database is
/// opened. Assemblies no manifest covers are scanned, as they always were.
/// </summary>
internal static class MigrationTypeSource
{
    /// <summary>The migrations, manifest-listed ones first in chain order (see <see cref="ChainDiscovery"/>).</summary>
    /// <exception cref="DatabaseStateException">A revision a manifest lists is missing (<see cref="DatabaseStateProblem.MissingMigrations"/>).</exception>
    public static List<MigrationDefinition> Definitions(IReadOnlyList<Assembly> assemblies) => new ChainDiscovery(assemblies).Run();

    /// <summary>
    /// The migration classes, with their <c>[Migration]</c> attribute and checksum: <see cref="Definitions"/> with every
    /// class looked up, for callers that need the types themselves (the CLI's loader).
    /// </summary>
    /// <exception cref="DatabaseStateException">A revision a manifest lists is missing (<see cref="DatabaseStateProblem.MissingMigrations"/>).</exception>
    public static IReadOnlyList<MigrationCandidate> Find(IReadOnlyList<Assembly> assemblies)
    {
        var definitions = Definitions(assemblies);
        var candidates = new List<MigrationCandidate>(definitions.Count);
        foreach (var definition in definitions)
        {
            candidates.Add(new MigrationCandidate(definition.Type, definition.Attribute, definition.Checksum));
        }

        return candidates;
    }

    /// <summary>
    /// Loads a listed assembly by name where the manifest's owner resolves its own dependencies; null, with the
    /// problem to report, when it is not deployed or cannot be loaded.
    /// </summary>
    internal static Assembly? LoadListed(Assembly manifestOwner, string assemblyName, out string? problem)
    {
        problem = null;
        try
        {
            // The owner's load context is where the application (or a plugin host) resolves its own dependencies.
            var context = AssemblyLoadContext.GetLoadContext(manifestOwner) ?? AssemblyLoadContext.Default;
            return context.LoadFromAssemblyName(new AssemblyName(assemblyName));
        }
        catch (FileNotFoundException)
        {
            problem = $"assembly '{assemblyName}' is not deployed (the application cannot find {assemblyName}.dll)";
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            problem = $"assembly '{assemblyName}' could not be loaded ({FirstLine(e.Message)})";
        }

        return null;
    }

    /// <summary>The listed class and its <c>[Migration]</c>, read by reflection; null, with the problem, when the
    /// deployed assembly lacks it or it declares another revision.</summary>
    internal static Type? ResolveListed(Assembly assembly, ChainManifestRow row, out MigrationAttribute? attribute, out string? problem)
    {
        problem = null;
        attribute = null;
        var type = assembly.GetType(row.TypeName, throwOnError: false);
        if (type is null)
        {
            problem = $"assembly '{row.AssemblyName}' ({Location(assembly)}) has no class '{row.TypeName}': it is an older or different build";
            return null;
        }

        attribute = type.GetCustomAttribute<MigrationAttribute>(inherit: false);
        if (attribute is null || !string.Equals(attribute.Revision, row.Revision, StringComparison.Ordinal))
        {
            problem = attribute is null
                ? $"class '{row.TypeName}' in assembly '{row.AssemblyName}' no longer has [Migration]"
                : $"class '{row.TypeName}' in assembly '{row.AssemblyName}' now declares '{attribute.Revision}'";
            return null;
        }

        return type;
    }

    internal static string Location(Assembly assembly) =>
        string.IsNullOrEmpty(assembly.Location) ? "loaded from memory" : assembly.Location;

    /// <summary>
    /// The assembly's simple name, as <c>GetName().Name</c> gives it: read off the front of its display name, which the
    /// runtime keeps, instead of building an <see cref="AssemblyName"/> (public key, culture lookups, code base: work a
    /// start did for nothing else). A name the display name had to escape or quote is left to <c>GetName()</c>.
    /// </summary>
    internal static string SimpleName(Assembly assembly)
    {
        if (assembly.FullName is { } display)
        {
            var end = display.IndexOf(',');
            var name = end < 0 ? display : display.Substring(0, end);
            if (name.Length > 0 && name.IndexOfAny(DisplayNameEscapes) < 0 && !char.IsWhiteSpace(name[0]) && !char.IsWhiteSpace(name[^1]))
            {
                return name;
            }
        }

        return assembly.GetName().Name ?? string.Empty;
    }

    // A display name writes these with a backslash before them, or quotes the name.
    private static readonly char[] DisplayNameEscapes = { '\\', '"', '\'' };

    internal static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // Types whose dependencies are missing cannot be migrations we could run anyway; keep the rest.
            var loaded = new List<Type>();
            foreach (var type in e.Types)
            {
                if (type is not null)
                {
                    loaded.Add(type);
                }
            }

            return loaded;
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');
}

/// <summary>
/// A migration class with what discovery knows about it: its <c>[Migration]</c> attribute, and its checksum (null
/// when its assembly was built without the generator).
/// </summary>
internal readonly record struct MigrationCandidate(Type Type, MigrationAttribute? Attribute = null, string? KnownChecksum = null);
