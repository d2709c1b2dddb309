using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using MigrationChain.Manifest;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// The chain as the source generator recorded it: each assembly's format-2 manifest carries, per revision, the facts
/// the chain rules read, the checksum and, for the assembly's own migrations, where each is written. Reading those
/// rows is what lets <c>heads</c>, <c>history</c> and <c>check</c> show 10,000 revisions without loading a class.
/// </summary>
/// <remarks>
/// A manifest lists the whole chain its compilation saw, the referenced libraries' migrations included. A revision's
/// facts are taken from the manifest of the assembly that declares it (written by the same compilation as the class),
/// so what is shown is what the deployed assemblies hold. When that cannot be confirmed from the manifests and the
/// metadata alone (an assembly with an older manifest, a listed assembly that is not deployed, a declaring assembly
/// whose own manifest does not list the revision, or one with more <c>[Migration]</c> classes than its manifest lists,
/// as when a revision is declared twice), the caller falls back to the runtime's discovery, which loads the classes
/// and says what is missing, or what the rules find, exactly as before.
/// </remarks>
internal static class ManifestChain
{
    /// <summary>The rows, one per migration class, in the runtime's discovery order, and the loaded assemblies no
    /// manifest covers (built without the source generator: the caller scans them).</summary>
    public sealed record Rows(IReadOnlyList<Declared> Migrations, IReadOnlyList<Assembly> Uncovered);

    /// <summary>A migration as the manifest of the assembly declaring it records it.</summary>
    public sealed record Declared(Assembly Assembly, ChainManifestRow Row);

    /// <summary>The chain from the manifests, or null when they cannot stand for the classes (see the remarks).</summary>
    public static Rows? Read(IReadOnlyList<Assembly> loaded, Action<string> trace)
    {
        var manifests = new List<Manifest>();
        var byName = new Dictionary<string, Manifest>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in loaded)
        {
            var name = assembly.GetName().Name ?? string.Empty;
            var text = assembly.GetCustomAttribute<MigrationChainManifestAttribute>()?.Manifest;
            if (text is null)
            {
                byName.TryAdd(name, new Manifest(assembly, name, null));
                continue;
            }

            var rows = ChainManifestText.Parse(text);
            if (rows is null || rows.Any(r => r.Info is null))
            {
                trace($"{name}: its chain manifest is not format 2 (built by an older MigrationChain), so its classes are read");
                return null;
            }

            var manifest = new Manifest(assembly, name, rows);
            var declared = string.IsNullOrEmpty(assembly.Location) ? null : DeclaredMigrationCount.Of(assembly.Location);
            if (declared != manifest.Own.Count)
            {
                trace($"{name}: its chain manifest lists {manifest.Own.Count} of its own migration(s), its metadata has {declared?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no readable"} [Migration] class(es), so its classes are read");
                return null;
            }

            manifests.Add(manifest);
            byName.TryAdd(name, manifest);
        }

        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Classes already taken, by assembly (named case-insensitively, as the runtime binds it): a library's migrations
        // are listed by its own manifest and by every manifest of an assembly referencing it.
        var taken = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        var found = new List<Declared>();
        foreach (var manifest in manifests)
        {
            var owner = manifest.Name;
            covered.Add(owner);
            foreach (var row in manifest.Rows!)
            {
                covered.Add(row.AssemblyName);
                if (!taken.TryGetValue(row.AssemblyName, out var classes))
                {
                    classes = new HashSet<string>(StringComparer.Ordinal);
                    taken.Add(row.AssemblyName, classes);
                }

                if (!classes.Add(row.TypeName))
                {
                    continue;
                }

                if (DeclaredRow(manifest, row, byName) is not { } declared)
                {
                    trace($"'{row.Revision}' ({row.TypeName}), listed by {owner}'s chain manifest, is not in the manifest of a loaded {row.AssemblyName}, so the classes are read");
                    return null;
                }

                found.Add(declared);
            }
        }

        var uncovered = loaded.Where(a => !covered.Contains(a.GetName().Name ?? string.Empty)).ToList();
        trace($"{found.Count} migration(s) from the chain manifests of {string.Join(", ", manifests.Select(m => m.Name))}" +
              (uncovered.Count == 0 ? string.Empty : $"; {string.Join(", ", uncovered.Select(a => a.GetName().Name))} has none and is scanned"));
        return new Rows(found, uncovered);
    }

    // The row as the declaring assembly's own manifest has it: that compilation wrote the class. An owner's own rows
    // are taken as they are; another assembly's are looked up in that assembly's manifest, indexed on first use.
    private static Declared? DeclaredRow(Manifest owner, ChainManifestRow listed, Dictionary<string, Manifest> byName)
    {
        if (string.Equals(listed.AssemblyName, owner.Name, StringComparison.OrdinalIgnoreCase))
        {
            return new Declared(owner.Assembly, listed);
        }

        if (!byName.TryGetValue(listed.AssemblyName, out var declaring) || declaring.Rows is null)
        {
            return null;
        }

        return declaring.Own.TryGetValue(Manifest.Key(listed), out var own) ? new Declared(declaring.Assembly, own) : null;
    }

    private sealed class Manifest
    {
        private Dictionary<string, ChainManifestRow>? _own;

        public Manifest(Assembly assembly, string name, IReadOnlyList<ChainManifestRow>? rows)
        {
            Assembly = assembly;
            Name = name;
            Rows = rows;
        }

        public Assembly Assembly { get; }

        public string Name { get; }

        /// <summary>The manifest's rows; null for an assembly without a manifest.</summary>
        public IReadOnlyList<ChainManifestRow>? Rows { get; }

        /// <summary>
        /// The rows of the classes this assembly declares, by revision and class: a revision declared by two classes
        /// (MC1004) is listed once per class, and both must be seen.
        /// </summary>
        public Dictionary<string, ChainManifestRow> Own => _own ??= Index();

        public static string Key(ChainManifestRow row) => row.Revision + "\n" + row.TypeName;

        private Dictionary<string, ChainManifestRow> Index()
        {
            var own = new Dictionary<string, ChainManifestRow>(StringComparer.Ordinal);
            foreach (var row in Rows ?? Array.Empty<ChainManifestRow>())
            {
                if (string.Equals(row.AssemblyName, Name, StringComparison.OrdinalIgnoreCase))
                {
                    own.TryAdd(Key(row), row);
                }
            }

            return own;
        }
    }
}
