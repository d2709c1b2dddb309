using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Analyzers.SqlSafety;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Chain;

/// <summary>
/// What the analyzers of one compilation share: the chain, validated at most once (lazily, by whichever analyzer
/// asks first, thread-safe), and the symbolic schema replay, built only if an analyzer needs it.
/// </summary>
internal sealed class CompilationChain
{
    private static readonly ConditionalWeakTable<Compilation, CompilationChain> Cache = new();

    private readonly OnceWithCancellation<ChainView> _view;
    private readonly OnceWithCancellation<SchemaView> _schema;

    private CompilationChain(Compilation compilation, MigrationSymbols symbols, AnalyzerOptions options)
    {
        Symbols = symbols;
        _view = new OnceWithCancellation<ChainView>(token => ChainView.Build(compilation, symbols, token));
        _schema = new OnceWithCancellation<SchemaView>(token => SchemaView.Build(View(token), compilation, options, token));
    }

    public MigrationSymbols Symbols { get; }

    /// <summary>The chain state of the compilation, or null when it does not reference MigrationChain.</summary>
    public static CompilationChain? For(Compilation compilation, AnalyzerOptions options)
    {
        if (Cache.TryGetValue(compilation, out var chain))
        {
            return chain;
        }

        var symbols = MigrationSymbols.Of(compilation);
        return symbols is null ? null : Cache.GetValue(compilation, c => new CompilationChain(c, symbols, options));
    }

    public ChainView View(CancellationToken cancellationToken) => _view.Get(cancellationToken);

    public SchemaView Schema(CancellationToken cancellationToken) => _schema.Get(cancellationToken);
}
