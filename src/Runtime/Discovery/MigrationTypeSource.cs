using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using MigrationChain.Manifest;

namespace MigrationChain.Discovery;

/// <summary>
/// Which classes to consider as migrations. An assembly carrying a chain manifest (written by the source generator
/// at build time) names them: the listed assemblies are loaded by name and the listed types taken directly, without
/// scanning, and a listed revision that the deployed assemblies do not contain stops everything before the database
/// is opened. Assemblies no manifest covers are scanned, as they always were.
/// </summary>
internal static class MigrationTypeSource
{
    /// <summary>
    /// The candidate types, manifest-listed ones first in chain order. A listed type comes with its
    /// <c>[Migration]</c> attribute (read once, to check it), and, when the manifest's owner declares it, with the
    /// checksum the same compilation wrote into that owner's <c>[MigrationSource]</c>, so neither is read again.
    /// </summary>
    /// <exception cref="DatabaseStateException">A revision a manifest lists is missing (<see cref="DatabaseStateProblem.MissingMigrations"/>).</exception>
    public static IReadOnlyList<MigrationCandidate> Find(IReadOnlyList<Assembly> assemblies)
    {
        var distinct = assemblies.Distinct().ToList();
        var byName = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in distinct)
        {
            byName.TryAdd(SimpleName(assembly), assembly);
        }

        var types = new List<MigrationCandidate>();
        var taken = new HashSet<Type>();
        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<MissingMigration>();
        var expected = 0;
        foreach (var assembly in distinct)
        {
            var manifest = ChainManifest.Parse(assembly.GetCustomAttribute<MigrationChainManifestAttribute>()?.Manifest);
            if (manifest is null)
            {
                continue;
            }

            var owner = SimpleName(assembly);
            covered.Add(owner);
            expected += manifest.Entries.Count;
            foreach (var entry in manifest.Entries)
            {
                covered.Add(entry.AssemblyName);
                var type = Resolve(assembly, entry, byName, out var attribute, out var problem);
                if (type is null)
                {
                    missing.Add(new MissingMigration(entry, owner, problem!));
                }
                else if (taken.Add(type))
                {
                    var own = entry.Checksum is not null && string.Equals(entry.AssemblyName, owner, StringComparison.OrdinalIgnoreCase) && type.Assembly == assembly;
                    types.Add(new MigrationCandidate(type, attribute, own ? entry.Checksum : null));
                }
            }
        }

        if (missing.Count > 0)
        {
            throw MissingMigration.Exception(missing, expected);
        }

        foreach (var assembly in distinct)
        {
            if (covered.Contains(SimpleName(assembly)))
            {
                continue;
            }

            foreach (var type in LoadableTypes(assembly))
            {
                if (taken.Add(type))
                {
                    types.Add(new MigrationCandidate(type));
                }
            }
        }

        return types;
    }

    private static Type? Resolve(Assembly manifestOwner, ChainManifestEntry entry, Dictionary<string, Assembly> byName, out MigrationAttribute? attribute, out string? problem)
    {
        problem = null;
        attribute = null;
        if (!byName.TryGetValue(entry.AssemblyName, out var assembly))
        {
            try
            {
                // The owner's load context is where the application (or a plugin host) resolves its own dependencies.
                var context = AssemblyLoadContext.GetLoadContext(manifestOwner) ?? AssemblyLoadContext.Default;
                assembly = context.LoadFromAssemblyName(new AssemblyName(entry.AssemblyName));
            }
            catch (FileNotFoundException)
            {
                problem = $"assembly '{entry.AssemblyName}' is not deployed (the application cannot find {entry.AssemblyName}.dll)";
                return null;
            }
            catch (Exception e) when (e is FileLoadException or BadImageFormatException)
            {
                problem = $"assembly '{entry.AssemblyName}' could not be loaded ({FirstLine(e.Message)})";
                return null;
            }

            byName[entry.AssemblyName] = assembly;
        }

        var type = assembly.GetType(entry.TypeName, throwOnError: false);
        if (type is null)
        {
            problem = $"assembly '{entry.AssemblyName}' ({Location(assembly)}) has no class '{entry.TypeName}': it is an older or different build";
            return null;
        }

        attribute = type.GetCustomAttribute<MigrationAttribute>(inherit: false);
        if (attribute is null || !string.Equals(attribute.Revision, entry.Revision, StringComparison.Ordinal))
        {
            problem = attribute is null
                ? $"class '{entry.TypeName}' in assembly '{entry.AssemblyName}' no longer has [Migration]"
                : $"class '{entry.TypeName}' in assembly '{entry.AssemblyName}' now declares '{attribute.Revision}'";
            return null;
        }

        return type;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');

    private static string Location(Assembly assembly) =>
        string.IsNullOrEmpty(assembly.Location) ? "loaded from memory" : assembly.Location;

    private static string SimpleName(Assembly assembly) => assembly.GetName().Name ?? string.Empty;

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // Types whose dependencies are missing cannot be migrations we could run anyway; keep the rest.
            return e.Types.Where(t => t is not null)!;
        }
    }

    private sealed record MissingMigration(ChainManifestEntry Entry, string ManifestOwner, string Problem)
    {
        public static DatabaseStateException Exception(List<MissingMigration> missing, int expected)
        {
            var owners = string.Join(", ", missing.Select(m => $"'{m.ManifestOwner}'").Distinct());
            var assemblies = missing.Select(m => m.Entry.AssemblyName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var message =
                $"The application was built with {expected} migration(s) (the chain manifest in {owners}), but " +
                $"{missing.Count} of them are missing from the deployed assemblies, so nothing was run and the " +
                "database was not opened:" +
                string.Concat(missing.Select(m => $"\n  '{m.Entry.Revision}' ({m.Entry.TypeName}): {m.Problem}.")) +
                $"\nDeploy the assemblies the application was built with (check that {string.Join(", ", assemblies.Select(a => a + ".dll"))} " +
                $"{(assemblies.Count == 1 ? "is" : "are")} in the publish output or container image), or rebuild the application " +
                "against the assemblies you ship.";
            return new DatabaseStateException(DatabaseStateProblem.MissingMigrations, missing.Select(m => m.Entry.Revision).ToList(), message);
        }
    }
}

/// <summary>
/// A type that may be a migration, with what discovery already knows about it: its <c>[Migration]</c> attribute, and
/// a checksum taken from the same compilation's manifest (null: read the declaring assembly's <c>[MigrationSource]</c>).
/// </summary>
internal readonly record struct MigrationCandidate(Type Type, MigrationAttribute? Attribute = null, string? KnownChecksum = null);
