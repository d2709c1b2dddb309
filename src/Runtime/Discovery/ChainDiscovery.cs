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
    // What a start with one format-2 manifest listing only its own assembly's rows (the usual application) needs is
    // made up front; the rest (other assemblies' rows, scans, format 1) is made on first use, so such a start loads no
    // generic collection it does not use (each instantiation is a dozen type loads the runtime does at every start).
    private readonly Assembly[] _assemblies;
    private readonly ChainManifest?[] _manifests;
    private readonly bool[] _manifestRead;
    private readonly HashSet<string> _covered = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MigrationDefinition> _found = new();
    private Dictionary<string, Assembly>? _byName;
    private Dictionary<string, string>? _unloadable;
    private Dictionary<Assembly, ChainManifest?>? _otherManifests;
    private Dictionary<Assembly, Dictionary<string, ChainManifestRow>?>? _ownRows;

    // The classes already taken, by declaring assembly (a set of strings per assembly, not a set of pairs, so a start
    // JIT-compiles no new generic instantiation for it); the first assembly's set is kept apart.
    private Assembly? _firstTakenAssembly;
    private HashSet<string>? _firstTaken;
    private Dictionary<Assembly, HashSet<string>>? _taken;
    private List<MissingMigration>? _missing;
    private MigrationChecksums? _checksums;

    public ChainDiscovery(IReadOnlyList<Assembly> assemblies)
    {
        var distinct = new Assembly[assemblies.Count];
        var count = 0;
        for (var i = 0; i < assemblies.Count; i++)
        {
            if (IndexOf(distinct, count, assemblies[i]) < 0)
            {
                distinct[count++] = assemblies[i];
            }
        }

        Array.Resize(ref distinct, count);
        _assemblies = distinct;
        _manifests = new ChainManifest?[count];
        _manifestRead = new bool[count];
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

        if (_missing is not null)
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
            (_missing ??= new List<MissingMigration>()).Add(new MissingMigration(row, ownerName, problem!));
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
            (_missing ??= new List<MissingMigration>()).Add(new MissingMigration(row, ownerName, problem!));
            return;
        }

        // A format-1 owner's own checksum comes from the same compilation as its classes; any other is the declaring
        // assembly's own, never a copy that a separately rebuilt library would leave stale.
        var ownChecksum = row.Checksum is not null && type.Assembly == owner
            && string.Equals(row.AssemblyName, ownerName, StringComparison.OrdinalIgnoreCase);
        AddClass(type, attribute!, ownChecksum ? row.Checksum : Checksums.Of(type.Assembly, row.Revision));
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
        if (_firstTakenAssembly is null)
        {
            _firstTakenAssembly = assembly;
            _firstTaken = new HashSet<string>(expectedClasses, StringComparer.Ordinal);
        }

        if (ReferenceEquals(assembly, _firstTakenAssembly))
        {
            return _firstTaken!.Add(typeName);
        }

        _taken ??= new Dictionary<Assembly, HashSet<string>>();
        if (!_taken.TryGetValue(assembly, out var types))
        {
            _taken[assembly] = types = new HashSet<string>(expectedClasses, StringComparer.Ordinal);
        }

        return types.Add(typeName);
    }

    private MigrationChecksums Checksums => _checksums ??= new MigrationChecksums();

    private void Scan(Assembly assembly)
    {
        foreach (var type in MigrationTypeSource.LoadableTypes(assembly))
        {
            if (type.GetCustomAttribute<MigrationAttribute>(inherit: false) is { } attribute)
            {
                AddClass(type, attribute, Checksums.Of(assembly, attribute.Revision));
            }
        }
    }

    private Assembly? Deployed(Assembly owner, string name, out string? problem)
    {
        problem = null;
        if (_byName is null)
        {
            // The assemblies given by name first: a row of one of them is checked against that very assembly.
            _byName = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
            foreach (var given in _assemblies)
            {
                _byName.TryAdd(MigrationTypeSource.SimpleName(given), given);
            }
        }

        if (_byName.TryGetValue(name, out var assembly))
        {
            return assembly;
        }

        _unloadable ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
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

    /// <summary>The manifest of an assembly, given or deployed, read once.</summary>
    private ChainManifest? ManifestOf(Assembly assembly)
    {
        var index = IndexOf(_assemblies, _assemblies.Length, assembly);
        if (index >= 0)
        {
            if (!_manifestRead[index])
            {
                _manifests[index] = ChainManifest.Of(assembly);
                _manifestRead[index] = true;
            }

            return _manifests[index];
        }

        _otherManifests ??= new Dictionary<Assembly, ChainManifest?>();
        if (!_otherManifests.TryGetValue(assembly, out var manifest))
        {
            manifest = ChainManifest.Of(assembly);
            _otherManifests[assembly] = manifest;
        }

        return manifest;
    }

    private static int IndexOf(Assembly[] assemblies, int count, Assembly assembly)
    {
        for (var i = 0; i < count; i++)
        {
            if (ReferenceEquals(assemblies[i], assembly))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The rows a deployed assembly's format-2 manifest lists as its own, by revision; null without one.</summary>
    private Dictionary<string, ChainManifestRow>? OwnRowsOf(Assembly assembly)
    {
        _ownRows ??= new Dictionary<Assembly, Dictionary<string, ChainManifestRow>?>();
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
