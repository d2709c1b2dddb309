using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// Evaluates deferred <see cref="StringFact"/>s: string constants built from const fields, <c>nameof</c> or
/// concatenations that syntax alone cannot compute. Only deferred facts reach the semantic model.
/// </summary>
internal sealed class ValueResolver
{
    private readonly Compilation _compilation;
    private readonly SemanticModel? _current;
    private readonly CancellationToken _cancellationToken;
    private Dictionary<SyntaxTree, SemanticModel>? _models;

    /// <param name="compilation">The compilation the facts belong to.</param>
    /// <param name="current">The model of the tree being analyzed, when the caller has one.</param>
    /// <param name="cancellationToken">Cancels evaluation.</param>
    public ValueResolver(Compilation compilation, SemanticModel? current, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _current = current;
        _cancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken => _cancellationToken;

    /// <summary>The value; <paramref name="known"/> is false when it is not a compile-time constant.</summary>
    public string? Resolve(StringFact fact, out bool known)
    {
        if (fact.IsKnown || fact.Expression is null)
        {
            known = fact.IsKnown;
            return fact.Value;
        }

        // A value from the semantic model may come from another file (a const declared elsewhere).
        AskedModel = true;
        return fact.Resolve(ModelFor(fact.Expression.SyntaxTree), out known, _cancellationToken);
    }

    /// <summary>True once a value was asked of a semantic model: what was read then may depend on other files.</summary>
    public bool AskedModel { get; private set; }

    private SemanticModel? ModelFor(SyntaxTree tree)
    {
        if (_current?.SyntaxTree == tree)
        {
            return _current;
        }

        if (!_compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

        _models ??= new Dictionary<SyntaxTree, SemanticModel>();
        if (!_models.TryGetValue(tree, out var model))
        {
            // Only deferred facts of other files get here (a const defined elsewhere); during analysis the driver
            // shares semantic models, so this does not rebind the file.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            _models[tree] = model;
        }

        return model;
    }
}
