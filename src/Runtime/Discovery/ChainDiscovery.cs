using System;
using System.Collections.Generic;
using System.Reflection;
using MigrationChain.Manifest;

namespace MigrationChain.Discovery;

/// <summary>
/// One discovery of the migrations in a set of assemblies (<see cref="MigrationTypeSource.Definitions"/>).
/// </summary>
/// <remarks>
/// <para>A format-2 manifest's own rows (those its owner declares) were written by the compilation that produced the
/// owner's classes, so they are taken as they are: no class is loaded or reflected at startup, only when something
/// needs it (<see cref="MigrationDefinition.Type"/>).</para>
/// <para>A row of another assembly is checked against the deployed build of that assembly, loaded by name: against its
/// own format-2 manifest (same revision, same class), whose row then supplies the facts and checksum of the code
/// actually deployed. A deployed assembly without a format-2 manifest (an older generator, or none), and every row
/// of a format-1 manifest, fall back to reading the class itself. So an image that lacks a listed migration is
/// refused before the database is opened, as it always was, without reflecting over every class.</para>
/// </remarks>
internal sealed class ChainDiscovery
{
    private readonly List<Assembly> _assemblies = new();
    private readonly Dictionary<string, Assembly> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _unloadable = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Assembly, ChainManifest?> _manifests = new();
    private readonly Dictionary<Assembly, Dictionary<string, ChainManifestRow>?> _ownRows = new();
    // The classes already taken, by declaring assembly (a set of strings per assembly, not a set of pairs, so a start
    // JIT-compiles no new generic instantiation for it).
    private readonly Dictionary<Assembly, HashSet<string>> _taken = new();
    private readonly HashSet<string> _covered = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MissingMigration> _missing = new();
    private readonly List<MigrationDefinition> _found = new();
    private readonly MigrationChecksums _checksums = new();

    public ChainDiscovery(IReadOnlyList<Assembly> assemblies)
    {
        foreach (var assembly in assemblies)
        {
            if (!_assemblies.Contains(assembly))
            {
                _assemblies.Add(assembly);
                _byName.TryAdd(MigrationTypeSource.SimpleName(assembly), assembly);
            }
        }
    }

    /// <summary>The manifest-listed migrations in chain order, then those of the assemblies no manifest covers.</summary>
    /// <exception cref="DatabaseStateException">A listed revision is missing from the deployed assemblies.</exception>
    /// <remarks>Runs per revision at a start, yet not marked <c>AggressiveOptimization</c>: see src/Rules/Polyfills/StartPath.cs.</remarks>
    public List<MigrationDefinition> Run()
    {
        var expected = 0;
        foreach (var assembly in _assemblies)
        {
            if (ManifestOf(assembly) is not { } manifest)
            {
                continue;
            }

            var owner = MigrationTypeSource.SimpleName(assembly);
            _covered.Add(owner);
            expected += manifest.Entries.Count;
            if (_found.Capacity < expected)
            {
                _found.Capacity = expected;
            }

            string? lastCovered = null;
            var lastIsOwn = false;
            var rows = manifest.Entries;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (!ReferenceEquals(row.AssemblyName, lastCovered))
                {
                    // The reader hands consecutive rows of one assembly the same string: hashed and compared once per
                    // run of rows, not once per row.
                    _covered.Add(lastCovered = row.AssemblyName);
                    lastIsOwn = string.Equals(lastCovered, owner, StringComparison.OrdinalIgnoreCase);
                }

                if (manifest.HasChainFacts && lastIsOwn)
                {
                    AddListed(assembly, row, rows.Count);
                }
                else
                {
                    TakeChecked(assembly, owner, row);
                }
            }
        }

        if (_missing.Count > 0)
        {
            throw MissingMigration.Exception(_missing, expected);
        }

        foreach (var assembly in _assemblies)
        {
            if (!_covered.Contains(MigrationTypeSource.SimpleName(assembly)))
            {
                Scan(assembly);
            }
        }

        return _found;
    }

    private void TakeChecked(Assembly owner, string ownerName, ChainManifestRow row)
    {
        var deployed = Deployed(owner, row.AssemblyName, out var problem);
        if (deployed is null)
        {
            _missing.Add(new MissingMigration(row, ownerName, problem!));
            return;
        }

        if (OwnRowsOf(deployed) is { } own
            && own.TryGetValue(row.Revision, out var deployedRow)
            && string.Equals(deployedRow.TypeName, row.TypeName, StringComparison.Ordinal))
        {
            AddListed(deployed, deployedRow);
            return;
        }

        // No format-2 manifest in the deployed build, a format-1 owner, or a row its own manifest does not confirm:
        // the class itself says whether it is there (and, if not, exactly what is wrong).
        var type = MigrationTypeSource.ResolveListed(deployed, row, out var attribute, out problem);
        if (type is null)
        {
            _missing.Add(new MissingMigration(row, ownerName, problem!));
            return;
        }

        // A format-1 owner's own checksum comes from the same compilation as its classes; any other is the declaring
        // assembly's own, never a copy that a separately rebuilt library would leave stale.
        var ownChecksum = row.Checksum is not null && type.Assembly == owner
            && string.Equals(row.AssemblyName, ownerName, StringComparison.OrdinalIgnoreCase);
        AddClass(type, attribute!, ownChecksum ? row.Checksum : _checksums.Of(type.Assembly, row.Revision));
    }

    private void AddListed(Assembly assembly, ChainManifestRow row, int expectedClasses = 0)
    {
        if (Take(assembly, row.TypeName, expectedClasses))
        {
            _found.Add(new MigrationDefinition(assembly, row));
        }
    }

    private void AddClass(Type type, MigrationAttribute attribute, string? checksum)
    {
        if (Take(type.Assembly, type.FullName!))
        {
            _found.Add(new MigrationDefinition(type, attribute, MigrationCatalog.Describe(type, attribute), checksum));
        }
    }

    // Sized for the manifest's rows when they come from one, so taking 10,000 classes never regrows the set.
    private bool Take(Assembly assembly, string typeName, int expectedClasses = 0)
    {
        if (!_taken.TryGetValue(assembly, out var types))
        {
            _taken[assembly] = types = new HashSet<string>(expectedClasses, StringComparer.Ordinal);
        }

        return types.Add(typeName);
    }

    private void Scan(Assembly assembly)
    {
        foreach (var type in MigrationTypeSource.LoadableTypes(assembly))
        {
            if (type.GetCustomAttribute<MigrationAttribute>(inherit: false) is { } attribute)
            {
                AddClass(type, attribute, _checksums.Of(assembly, attribute.Revision));
            }
        }
    }

    private Assembly? Deployed(Assembly owner, string name, out string? problem)
    {
        problem = null;
        if (_byName.TryGetValue(name, out var assembly))
        {
            return assembly;
        }

        if (_unloadable.TryGetValue(name, out problem))
        {
            return null;
        }

        assembly = MigrationTypeSource.LoadListed(owner, name, out problem);
        if (assembly is null)
        {
            _unloadable[name] = problem!;
            return null;
        }

        _byName[name] = assembly;
        return assembly;
    }

    private ChainManifest? ManifestOf(Assembly assembly)
    {
        if (!_manifests.TryGetValue(assembly, out var manifest))
        {
            manifest = ChainManifest.Of(assembly);
            _manifests[assembly] = manifest;
        }

        return manifest;
    }

    /// <summary>The rows a deployed assembly's format-2 manifest lists as its own, by revision; null without one.</summary>
    private Dictionary<string, ChainManifestRow>? OwnRowsOf(Assembly assembly)
    {
        if (_ownRows.TryGetValue(assembly, out var own))
        {
            return own;
        }

        if (ManifestOf(assembly) is { HasChainFacts: true } manifest)
        {
            var name = MigrationTypeSource.SimpleName(assembly);
            own = new Dictionary<string, ChainManifestRow>(StringComparer.Ordinal);
            foreach (var row in manifest.Entries)
            {
                if (string.Equals(row.AssemblyName, name, StringComparison.OrdinalIgnoreCase))
                {
                    own[row.Revision] = row;
                }
            }
        }

        _ownRows[assembly] = own;
        return own;
    }
}
