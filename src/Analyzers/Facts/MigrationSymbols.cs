using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// MigrationChain's runtime types as one compilation sees them, and whether their short names are unambiguous there.
/// Absent (null from <see cref="Of"/>) when the compilation does not reference MigrationChain.Runtime: then there is
/// nothing to analyze (the runtime itself declares no migrations).
/// </summary>
/// <remarks>
/// Whether the runtime is referenced, and whether another <c>Migration</c> is in sight, is read from metadata and
/// from the per-tree facts; the symbols are bound only when something asks for them, because binding the references
/// of a compilation builds its source assembly, which for the generator's compilation would be work the compiler
/// then throws away.
/// </remarks>
internal sealed class MigrationSymbols
{
    public const string RuntimeAssemblyName = "MigrationChain.Runtime";
    public const string MigrationAttributeMetadataName = "MigrationChain.MigrationAttribute";
    public const string MigrationMetadataName = "MigrationChain.Migration";
    public const string IrreversibleAttributeMetadataName = "MigrationChain.IrreversibleAttribute";
    public const string ManifestMetadataName = "MigrationChain.Manifest.MigrationChainManifestAttribute";

    private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

    private readonly Compilation _compilation;
    private readonly MetadataReference _runtimeReference;
    private readonly bool _referencesAttributeLookalike;
    private readonly bool _referencesMigrationLookalike;
    private readonly object _gate = new();
    private Bound? _bound;
    private int _attributeNameIsUnambiguous;
    private int _baseNameIsUnambiguous;

    private MigrationSymbols(Compilation compilation, MetadataReference runtimeReference, ReferenceFacts runtime, bool attributeLookalike, bool migrationLookalike)
    {
        _compilation = compilation;
        _runtimeReference = runtimeReference;
        HasManifestAttributes = runtime.HasManifestAttributes;
        _referencesAttributeLookalike = attributeLookalike;
        _referencesMigrationLookalike = migrationLookalike;
    }

    /// <summary>True when the referenced runtime has the attribute the generator writes (<c>MigrationChainManifest</c>).</summary>
    public bool HasManifestAttributes { get; }

    public INamedTypeSymbol? MigrationAttribute => Symbols().MigrationAttribute;

    public INamedTypeSymbol? Migration => Symbols().Migration;

    public INamedTypeSymbol? IrreversibleAttribute => Symbols().IrreversibleAttribute;

    /// <summary>
    /// True when no type named <c>MigrationAttribute</c> other than MigrationChain's is in sight, so a
    /// <c>[Migration]</c> read from syntax is certainly ours (Entity Framework and FluentMigrator have their own).
    /// </summary>
    public bool AttributeNameIsUnambiguous => Check(ref _attributeNameIsUnambiguous, MigrationSyntaxReader.AttributeTypeName, _referencesAttributeLookalike);

    /// <summary>True when no type named <c>Migration</c> other than MigrationChain's is in sight.</summary>
    public bool BaseNameIsUnambiguous => Check(ref _baseNameIsUnambiguous, MigrationSyntaxReader.AttributeName, _referencesMigrationLookalike);

    public static MigrationSymbols? Of(Compilation compilation) =>
        Cache.GetValue(compilation, c => new Holder(Find(c))).Symbols;

    public bool IsMigrationAttribute(INamedTypeSymbol? type) =>
        MigrationAttribute is { } attribute && SymbolEqualityComparer.Default.Equals(type, attribute);

    public bool IsIrreversibleAttribute(INamedTypeSymbol? type) =>
        IrreversibleAttribute is { } attribute && SymbolEqualityComparer.Default.Equals(type, attribute);

    public bool DerivesFromMigration(INamedTypeSymbol type)
    {
        var migration = Migration;
        for (var current = type.BaseType; current is not null && migration is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, migration))
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

    // ExternalReferences, not References: the latter includes #r directives, which takes binding the references.
    private static MigrationSymbols? Find(Compilation compilation)
    {
        MetadataReference? runtimeReference = null;
        ReferenceFacts? runtime = null;
        bool attributeLookalike = false, migrationLookalike = false;
        foreach (var reference in compilation.ExternalReferences)
        {
            var facts = ReferenceFacts.Of(reference);
            if (facts.IsRuntime)
            {
                runtimeReference ??= reference;
                runtime ??= facts;
            }

            attributeLookalike |= facts.DeclaresAttributeLookalike;
            migrationLookalike |= facts.DeclaresMigrationLookalike;
        }

        return runtimeReference is null || runtime is null
            ? null
            : new MigrationSymbols(compilation, runtimeReference, runtime, attributeLookalike, migrationLookalike);
    }

    private Bound Symbols()
    {
        var bound = Volatile.Read(ref _bound);
        if (bound is not null)
        {
            return bound;
        }

        lock (_gate)
        {
            if (_bound is null)
            {
                var runtime = _compilation.GetAssemblyOrModuleSymbol(_runtimeReference) as IAssemblySymbol;
                Volatile.Write(ref _bound, new Bound(
                    runtime?.GetTypeByMetadataName(MigrationAttributeMetadataName),
                    runtime?.GetTypeByMetadataName(MigrationMetadataName),
                    runtime?.GetTypeByMetadataName(IrreversibleAttributeMetadataName)));
            }

            return _bound!;
        }
    }

    private bool Check(ref int cached, string typeName, bool referencedLookalike)
    {
        var value = Volatile.Read(ref cached);
        if (value == 0)
        {
            value = !referencedLookalike && !SourceDeclares(typeName) ? 1 : -1;
            Volatile.Write(ref cached, value);
        }

        return value > 0;
    }

    // From the per-tree facts rather than the compilation's declaration table, which asking would build for every
    // file before the compiler gets to it; the index of those facts is kept per compilation and derived from the last.
    private bool SourceDeclares(string typeName) => CompilationFacts.Of(_compilation, CancellationToken.None).SourceDeclares(typeName);

    private sealed class Bound
    {
        public Bound(INamedTypeSymbol? migrationAttribute, INamedTypeSymbol? migration, INamedTypeSymbol? irreversibleAttribute)
        {
            MigrationAttribute = migrationAttribute;
            Migration = migration;
            IrreversibleAttribute = irreversibleAttribute;
        }

        public INamedTypeSymbol? MigrationAttribute { get; }

        public INamedTypeSymbol? Migration { get; }

        public INamedTypeSymbol? IrreversibleAttribute { get; }
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
