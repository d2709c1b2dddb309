using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Loading;
using MigrationChain.Manifest;

namespace MigrationChain.Cli.Scaffolding;

/// <summary>
/// Where a merge of heads declared in different libraries can live: only in a project that sees every head it names,
/// or its own build reports the other heads as unknown (MC1002). An assembly's chain manifest lists the whole chain
/// its compilation saw, so a parent whose assembly lists all the parents is a place the merge compiles.
/// </summary>
internal static class MergeSite
{
    /// <summary>The parents, those declared in an assembly that sees all of them first.</summary>
    /// <exception cref="CliException">The parents span assemblies with manifests, and none of them sees all the parents.</exception>
    public static IEnumerable<string> Order(MigrationAssembly migrations, IReadOnlyList<string> parents)
    {
        var declaring = parents
            .Select(p => (revision: p, assembly: migrations.Chain.Find(p)?.Assembly))
            .ToList();
        var assemblies = declaring.Select(d => d.assembly).Where(a => a is not null).Select(a => a!).Distinct().ToList();
        if (parents.Count < 2 || assemblies.Count < 2)
        {
            return parents;
        }

        var seen = assemblies.ToDictionary(a => a, Seen);
        if (seen.Values.Any(s => s is null))
        {
            // An assembly built without the source generator says nothing about what it sees: keep the given order.
            return parents;
        }

        var sites = declaring.Where(d => d.assembly is not null && parents.All(p => seen[d.assembly]!.Contains(p))).Select(d => d.revision).ToList();
        if (sites.Count == 0)
        {
            throw new CliException(ExitCodes.Usage,
                $"The heads {string.Join(", ", parents)} are declared in {string.Join(", ", assemblies.Select(a => a.GetName().Name))}, and none of these projects references the others, so a merge in any of them would not compile.",
                "Write the merge into a project that references all of them (the application, say) with --dir path/to/that/project/Migrations --namespace <its namespace>.Migrations.");
        }

        return sites.Concat(parents.Except(sites, StringComparer.Ordinal));
    }

    private static HashSet<string>? Seen(Assembly assembly) =>
        ChainManifestText.Parse(assembly.GetCustomAttribute<MigrationChainManifestAttribute>()?.Manifest) is { } rows
            ? rows.Select(r => r.Revision).ToHashSet(StringComparer.Ordinal)
            : null;
}
