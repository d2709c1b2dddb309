using System;
using System.Collections.Generic;
using System.Reflection;
using MigrationChain.Manifest;

namespace MigrationChain.Discovery;

/// <summary>
/// The checksums the source generator wrote into each assembly, read once per assembly for the migrations known by
/// their class (a scan, a format-1 manifest, a list of types): the assembly's own rows of its format-2 manifest, or
/// the <c>[assembly: MigrationSource]</c> attributes an older generator wrote. They describe the code actually
/// deployed: the declaring assembly's own, never a copy in another assembly's manifest, which a separately rebuilt
/// library would leave stale. Nothing is hashed at startup.
/// </summary>
internal sealed class MigrationChecksums
{
    private readonly Dictionary<Assembly, Dictionary<string, string>> _byAssembly = new();

    /// <summary>The revision's checksum, or null when its assembly was built without MigrationChain's generator.</summary>
    public string? Of(Assembly assembly, string revision)
    {
        if (!_byAssembly.TryGetValue(assembly, out var checksums))
        {
            checksums = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in assembly.GetCustomAttributes<MigrationSourceAttribute>())
            {
                checksums[source.Revision] = source.Checksum;
            }

            if (ChainManifest.Of(assembly) is { HasChainFacts: true } manifest)
            {
                var name = assembly.GetName().Name;
                foreach (var row in manifest.Entries)
                {
                    if (row.Checksum is not null && string.Equals(row.AssemblyName, name, StringComparison.OrdinalIgnoreCase))
                    {
                        checksums.TryAdd(row.Revision, row.Checksum);
                    }
                }
            }

            _byAssembly[assembly] = checksums;
        }

        return checksums.TryGetValue(revision, out var checksum) ? checksum : null;
    }
}
