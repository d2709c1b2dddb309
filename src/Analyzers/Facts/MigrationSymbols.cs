using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// MigrationChain's runtime types as one compilation sees them, and whether their short names are unambiguous there.
/// Absent (null from <see cref="Of"/>) when the compilation does not reference MigrationChain.Runtime: then there is
/// nothing to analyze (the runtime itself declares no migrations).
/// </summary>
internal sealed class MigrationSymbols
{
    public const string RuntimeAssemblyName = "MigrationChain.Runtime";
    public const string MigrationAttributeMetadataName = "MigrationChain.MigrationAttribute";
    public const string MigrationMetadataName = "MigrationChain.Migration";
    public const string IrreversibleAttributeMetadataName = "MigrationChain.IrreversibleAttribute";
    public const string MigrationSourceMetadataName = "MigrationChain.Manifest.MigrationSourceAttribute";
    public const string ManifestMetadataName = "MigrationChain.Manifest.MigrationChainManifestAttribute";

    private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

    private readonly Compilation _compilation;
    private int _attributeNameIsUnambiguous;
    private int _baseNameIsUnambiguous;

    private MigrationSymbols(Compilation compilation, IAssemblySymbol runtime, INamedTypeSymbol migrationAttribute)
    {
        _compilation = compilation;
        Runtime = runtime;
        MigrationAttribute = migrationAttribute;
        Migration = runtime.GetTypeByMetadataName(MigrationMetadataName);
        IrreversibleAttribute = runtime.GetTypeByMetadataName(IrreversibleAttributeMetadataName);
    }

    /// <summary>The referenced MigrationChain.Runtime assembly.</summary>
    public IAssemblySymbol Runtime { get; }

    public INamedTypeSymbol MigrationAttribute { get; }

    public INamedTypeSymbol? Migration { get; }

    public INamedTypeSymbol? IrreversibleAttribute { get; }

    /// <summary>
    /// True when no type named <c>MigrationAttribute</c> other than MigrationChain's is in sight, so a
    /// <c>[Migration]</c> read from syntax is certainly ours (Entity Framework and FluentMigrator have their own).
    /// </summary>
    public bool AttributeNameIsUnambiguous => Check(ref _attributeNameIsUnambiguous, MigrationSyntaxReader.AttributeTypeName);

    /// <summary>True when no type named <c>Migration</c> other than MigrationChain's is in sight.</summary>
    public bool BaseNameIsUnambiguous => Check(ref _baseNameIsUnambiguous, "Migration");

    public static MigrationSymbols? Of(Compilation compilation) =>
        Cache.GetValue(compilation, c => new Holder(Find(c))).Symbols;

    public bool IsMigrationAttribute(INamedTypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, MigrationAttribute);

    public bool IsIrreversibleAttribute(INamedTypeSymbol? type) =>
        IrreversibleAttribute is not null && SymbolEqualityComparer.Default.Equals(type, IrreversibleAttribute);

    public bool DerivesFromMigration(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, Migration))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the runtime needs to create and run the class: the test <c>MigrationCatalog</c> applies by reflection.</summary>
    public bool IsRunnableMigration(INamedTypeSymbol type) =>
        DerivesFromMigration(type) && IsInstantiable(type);

    public static bool IsInstantiable(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.IsStatic)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.Arity > 0)
            {
                return false;
            }
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 0 && constructor.DeclaredAccessibility == Accessibility.Public)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Looks for the runtime among the references only: asking the whole compilation by metadata name would build
    /// the source's namespaces first, which in a large project is the costliest thing an analyzer could trigger.
    /// </summary>
    private static MigrationSymbols? Find(Compilation compilation)
    {
        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol { Name: RuntimeAssemblyName } runtime
                && runtime.GetTypeByMetadataName(MigrationAttributeMetadataName) is { } attribute)
            {
                return new MigrationSymbols(compilation, runtime, attribute);
            }
        }

        return null;
    }

    private bool Check(ref int cached, string typeName)
    {
        var value = Volatile.Read(ref cached);
        if (value == 0)
        {
            value = IsUnambiguous(typeName) ? 1 : -1;
            Volatile.Write(ref cached, value);
        }

        return value > 0;
    }

    private bool IsUnambiguous(string typeName)
    {
        if (_compilation.ContainsSymbolsWithName(typeName, SymbolFilter.Type))
        {
            foreach (var symbol in _compilation.GetSymbolsWithName(typeName, SymbolFilter.Type))
            {
                if (symbol.ContainingNamespace?.ToDisplayString() != "MigrationChain")
                {
                    return false;
                }
            }
        }

        foreach (var assembly in _compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Name != RuntimeAssemblyName && assembly.TypeNames.Contains(typeName))
            {
                return false;
            }
        }

        return true;
    }

    // ConditionalWeakTable cannot hold null; the holder says "this compilation has no MigrationChain".
    private sealed class Holder
    {
        public Holder(MigrationSymbols? symbols)
        {
            Symbols = symbols;
        }

        public MigrationSymbols? Symbols { get; }
    }
}
