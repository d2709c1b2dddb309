using System;
using System.Collections.Generic;
using System.Linq;
using MigrationChain.Manifest;

namespace MigrationChain.Discovery;

/// <summary>A revision a chain manifest lists that the deployed assemblies do not contain, and why.</summary>
internal sealed record MissingMigration(ChainManifestRow Entry, string ManifestOwner, string Problem)
{
    // Only built on the way to refusing a start, so LINQ here costs a normal start nothing.
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
