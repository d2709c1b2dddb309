using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Chain;

/// <summary>A migration of the compilation itself: its syntax facts and its chain facts.</summary>
internal sealed class OwnMigration
{
    public OwnMigration(MigrationDeclaration declaration, RevisionInfo info)
    {
        Declaration = declaration;
        Info = info;
    }

    public MigrationDeclaration Declaration { get; }

    public RevisionInfo Info { get; }
}

/// <summary>
/// The chain one compilation sees (its own migrations and those of the assemblies it references), validated once by
/// the shared rules; each migration class then looks up the diagnostics reported on it.
/// </summary>
internal sealed class ChainView
{
    private static readonly IReadOnlyList<ChainDiagnostic> None = Array.Empty<ChainDiagnostic>();

    // The last view built for a project, found through its first tree with migrations (a project's own, stable
    // anchor); it goes away with that tree.
    private static readonly ConditionalWeakTable<TreeFacts, Slot> Reused = new();

    private readonly Dictionary<MigrationDeclaration, List<ChainDiagnostic>> _diagnostics;
    private readonly Dictionary<MigrationDeclaration, int> _nodes;

    private ChainView(RevisionGraph graph, IReadOnlyList<OwnMigration> own, ImmutableArray<ReferencedMigration> referenced, IReadOnlyList<ChainDiagnostic> diagnostics)
    {
        Graph = graph;
        Own = own;
        Referenced = referenced;
        var owners = new Dictionary<RevisionInfo, MigrationDeclaration>(ReferenceComparer<RevisionInfo>.Instance);
        _nodes = new Dictionary<MigrationDeclaration, int>(own.Count);
        foreach (var migration in own)
        {
            owners[migration.Info] = migration.Declaration;
            if (graph.TryGetIndex(migration.Info.Revision, out var node) && ReferenceEquals(graph.Nodes[node], migration.Info))
            {
                _nodes[migration.Declaration] = node;
            }
        }

        _diagnostics = new Dictionary<MigrationDeclaration, List<ChainDiagnostic>>();
        foreach (var diagnostic in diagnostics)
        {
            if (owners.TryGetValue(diagnostic.ReportedOn, out var declaration))
            {
                if (!_diagnostics.TryGetValue(declaration, out var list))
                {
                    _diagnostics[declaration] = list = new List<ChainDiagnostic>();
                }

                list.Add(diagnostic);
            }
        }
    }

    public RevisionGraph Graph { get; }

    public IReadOnlyList<OwnMigration> Own { get; }

    public ImmutableArray<ReferencedMigration> Referenced { get; }

    /// <summary>
    /// Reads, resolves and validates the chain of <paramref name="compilation"/>, or hands back the view of an earlier
    /// compilation when nothing it rests on changed: the same per-tree facts, all read from syntax alone, and the same
    /// referenced assemblies. An edit outside the migration files (or a generator adding a file without migrations)
    /// then costs a look at each tree's cached facts.
    /// </summary>
    public static ChainView Build(Compilation compilation, MigrationSymbols symbols, CancellationToken cancellationToken)
    {
        var own = new List<OwnMigration>();
        var parts = new List<object>();
        var fromSyntaxOnly = symbols.AttributeNameIsUnambiguous;
        foreach (var facts in CompilationFacts.Of(compilation, cancellationToken).WithMigrations)
        {
            parts.Add(facts);
            foreach (var declaration in facts.Migrations)
            {
                var info = Resolve(compilation, symbols, declaration, cancellationToken);
                fromSyntaxOnly &= info is not null && ReferenceEquals(info, declaration.SyntacticRevisionInfo);
                if (info is not null)
                {
                    own.Add(new OwnMigration(declaration, info));
                }
            }
        }

        var referencedParts = ReferencedMigrations.PerAssembly(compilation, cancellationToken);
        foreach (var part in referencedParts)
        {
            parts.Add(part);
        }

        var key = new ChainKey(parts, symbols.BaseNameIsUnambiguous);
        if (fromSyntaxOnly && parts.Count > 0 && parts[0] is TreeFacts first
            && Reused.TryGetValue(first, out var slot) && Volatile.Read(ref slot.Last) is { } earlier && earlier.Key.Equals(key))
        {
            return earlier.View;
        }

        var referenced = referencedParts.SelectMany(p => p).ToImmutableArray();
        var revisions = new List<RevisionInfo>(own.Count + referenced.Length);
        foreach (var migration in own)
        {
            revisions.Add(migration.Info);
        }

        foreach (var migration in referenced)
        {
            revisions.Add(migration.Info);
        }

        var graph = RevisionGraph.Build(revisions);
        var view = new ChainView(graph, own, referenced, ChainValidator.Validate(graph));
        if (fromSyntaxOnly && parts.Count > 0 && parts[0] is TreeFacts anchor)
        {
            Volatile.Write(ref Reused.GetValue(anchor, _ => new Slot()).Last, new CachedView(key, view));
        }

        return view;
    }

    public IReadOnlyList<ChainDiagnostic> DiagnosticsFor(MigrationDeclaration declaration) =>
        _diagnostics.TryGetValue(declaration, out var list) ? list : None;

    /// <summary>The graph node of a declaration; false for a duplicate id whose first declaration is elsewhere.</summary>
    public bool TryGetNode(MigrationDeclaration declaration, out int node) => _nodes.TryGetValue(declaration, out node);

    /// <summary>
    /// The chain facts of a declaration in this compilation. Syntax settles them unless an argument is not a literal,
    /// the base type is not plainly <c>Migration</c>, or another library's <c>Migration</c> names are in sight; then
    /// the compiler's symbols decide (and may say the attribute is not MigrationChain's at all: null).
    /// </summary>
    internal static RevisionInfo? Resolve(Compilation compilation, MigrationSymbols symbols, MigrationDeclaration declaration, CancellationToken cancellationToken)
    {
        if (symbols.AttributeNameIsUnambiguous
            && declaration.SyntacticRevisionInfo is { } syntactic
            && (declaration.BaseType != BaseTypeHint.Migration || symbols.BaseNameIsUnambiguous))
        {
            return syntactic;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var type = SymbolOf(compilation, declaration);
        var attribute = type is null ? null : AttributeDataOf(type, declaration);
        if (type is null || attribute is null || !symbols.IsMigrationAttribute(attribute.AttributeClass))
        {
            return null;
        }

        var arguments = declaration.Arguments ?? AttributeArguments.FromAttributeData(attribute);
        return arguments.At(declaration.Location, declaration.MetadataName, symbols.IsRunnableMigration(type));
    }

    internal static INamedTypeSymbol? SymbolOf(Compilation compilation, MigrationDeclaration declaration)
    {
        var type = compilation.Assembly.GetTypeByMetadataName(declaration.MetadataName);
        if (type is not null && IsDeclaredBy(type, declaration))
        {
            return type;
        }

        // Two types with one metadata name (an error in itself): only this declaration's own model can tell.
        if (!compilation.ContainsSyntaxTree(declaration.Class.SyntaxTree))
        {
            return null;
        }

#pragma warning disable RS1030 // Rare path: the metadata name did not lead back to this declaration.
        return compilation.GetSemanticModel(declaration.Class.SyntaxTree).GetDeclaredSymbol(declaration.Class) as INamedTypeSymbol;
#pragma warning restore RS1030
    }

    internal static AttributeData? AttributeDataOf(INamedTypeSymbol type, MigrationDeclaration declaration)
    {
        foreach (var attribute in type.GetAttributes())
        {
            var reference = attribute.ApplicationSyntaxReference;
            if (reference is not null && reference.SyntaxTree == declaration.Attribute.SyntaxTree && reference.Span == declaration.Attribute.Span)
            {
                return attribute;
            }
        }

        return null;
    }

    private static bool IsDeclaredBy(INamedTypeSymbol type, MigrationDeclaration declaration)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == declaration.Class.SyntaxTree && reference.Span == declaration.Class.Span)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Slot
    {
        public CachedView? Last;
    }

    private sealed class CachedView
    {
        public CachedView(ChainKey key, ChainView view)
        {
            Key = key;
            View = view;
        }

        public ChainKey Key { get; }

        public ChainView View { get; }
    }
}
