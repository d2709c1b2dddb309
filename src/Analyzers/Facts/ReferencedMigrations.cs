using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using MigrationChain.Manifest;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// The migrations of the assemblies a compilation references, read from symbols (nothing is loaded). An assembly
/// symbol is reused by every compilation that references the same file, so each is read once, not per keystroke.
/// Checksums and source locations come from what the generator wrote into the assembly: its chain manifest's own rows
/// (format 2), or the <c>[assembly: MigrationSource]</c> attributes of an older generator.
/// </summary>
internal static class ReferencedMigrations
{
    private static readonly ConditionalWeakTable<IAssemblySymbol, Holder> Cache = new();

    /// <summary>Every referenced assembly's migrations, in reference order.</summary>
    public static ImmutableArray<ReferencedMigration> Of(Compilation compilation, CancellationToken cancellationToken)
    {
        var all = ImmutableArray.CreateBuilder<ReferencedMigration>();
        foreach (var part in PerAssembly(compilation, cancellationToken))
        {
            all.AddRange(part);
        }

        return all.ToImmutable();
    }

    /// <summary>
    /// The migrations of each referenced assembly that has any, in reference order. The arrays are the cached ones:
    /// the same array in two compilations means the same assembly symbol was read once.
    /// </summary>
    public static List<ImmutableArray<ReferencedMigration>> PerAssembly(Compilation compilation, CancellationToken cancellationToken)
    {
        var parts = new List<ImmutableArray<ReferencedMigration>>();
        foreach (var reference in compilation.ExternalReferences)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Only an assembly that references the runtime can declare migrations, and metadata says which do
            // without binding the compilation's references.
            var facts = ReferenceFacts.Of(reference);
            if (!facts.ReferencesRuntime || facts.IsRuntime || compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly)
            {
                continue;
            }

            if (!Cache.TryGetValue(assembly, out var holder))
            {
                holder = Cache.GetValue(assembly, a => new Holder(Read(a, cancellationToken)));
            }

            if (!holder.Migrations.IsEmpty)
            {
                parts.Add(holder.Migrations);
            }
        }

        return parts;
    }

    private static ImmutableArray<ReferencedMigration> Read(IAssemblySymbol assembly, CancellationToken cancellationToken)
    {
        var sources = SourceFacts(assembly);
        var found = ImmutableArray.CreateBuilder<ReferencedMigration>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var container = pending.Pop();
            if (container is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                {
                    pending.Push(member);
                }

                continue;
            }

            if (container is not INamedTypeSymbol type)
            {
                continue;
            }

            foreach (var nested in type.GetTypeMembers())
            {
                pending.Push(nested);
            }

            foreach (var attribute in type.GetAttributes())
            {
                if (IsNamed(attribute.AttributeClass, "MigrationAttribute", "MigrationChain"))
                {
                    found.Add(Describe(assembly.Name, type, AttributeArguments.FromAttributeData(attribute), sources));
                    break;
                }
            }
        }

        return found.ToImmutable();
    }

    private static ReferencedMigration Describe(string assembly, INamedTypeSymbol type, RevisionInfo declared, Dictionary<string, (string? Checksum, string? File, int Line, int Column)> sources)
    {
        sources.TryGetValue(declared.Revision, out var source);
        return new ReferencedMigration(
            assembly,
            declared.Revision,
            EquatableArray.From(declared.Parents),
            declared.ParentDeclaration,
            declared.Branch,
            EquatableArray.From(declared.DependsOn),
            MetadataNameOf(type),
            DerivesFromMigration(type) && MigrationSymbols.IsInstantiable(type),
            source.Checksum,
            source.File,
            source.Line,
            source.Column);
    }

    /// <summary>
    /// Revision to checksum and location, as the generator recorded them for the assembly's own migrations: the rows of
    /// its format-2 manifest whose owner is the assembly itself, or, from an older generator, its
    /// <c>[assembly: MigrationSource]</c> attributes.
    /// </summary>
    private static Dictionary<string, (string? Checksum, string? File, int Line, int Column)> SourceFacts(IAssemblySymbol assembly)
    {
        var sources = new Dictionary<string, (string?, string?, int, int)>(System.StringComparer.Ordinal);
        var attributes = assembly.GetAttributes();
        foreach (var attribute in attributes)
        {
            if (IsNamed(attribute.AttributeClass, "MigrationChainManifestAttribute", "Manifest")
                && attribute.ConstructorArguments is { Length: 1 } manifest
                && ChainManifestText.ParseRowsOf(manifest[0].Value as string, assembly.Name) is { } rows)
            {
                foreach (var row in rows)
                {
                    // A revision listed twice keeps its first row, as the chain keeps its first declaration.
                    if (!sources.ContainsKey(row.Revision))
                    {
                        sources[row.Revision] = (row.Checksum, row.Source?.FilePath, row.Source?.Line ?? 0, row.Source?.Column ?? 0);
                    }
                }

                return sources;
            }
        }

        foreach (var attribute in attributes)
        {
            var arguments = attribute.ConstructorArguments;
            if (IsNamed(attribute.AttributeClass, "MigrationSourceAttribute", "Manifest")
                && arguments.Length == 5
                && arguments[0].Value is string revision
                && arguments[1].Value is string checksum
                && arguments[2].Value is string file
                && arguments[3].Value is int line
                && arguments[4].Value is int column)
            {
                sources[revision] = (checksum, file, line, column);
            }
        }

        return sources;
    }

    // Compared by name: the assembly's symbols are shared across compilations, whose runtime symbols differ.
    private static bool IsNamed(INamedTypeSymbol? type, string name, string containingNamespace) =>
        type is not null && type.Name == name && type.ContainingNamespace?.Name == containingNamespace;

    private static bool DerivesFromMigration(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsNamed(current, "Migration", "MigrationChain") && current.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true)
            {
                return true;
            }
        }

        return false;
    }

    private static string MetadataNameOf(INamedTypeSymbol type)
    {
        var name = new StringBuilder(type.MetadataName);
        var outermost = type;
        while (outermost.ContainingType is { } outer)
        {
            name.Insert(0, outer.MetadataName + "+");
            outermost = outer;
        }

        var ns = outermost.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name.ToString() : ns.ToDisplayString() + "." + name;
    }

    private sealed class Holder
    {
        public Holder(ImmutableArray<ReferencedMigration> migrations)
        {
            Migrations = migrations;
        }

        public ImmutableArray<ReferencedMigration> Migrations { get; }
    }
}
