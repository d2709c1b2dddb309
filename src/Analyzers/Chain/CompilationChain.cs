using System.Runtime.CompilerServices;
using System.Threading;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Analyzers.Lock;
using MigrationChain.Analyzers.SqlSafety;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Chain;

/// <summary>
/// What the analyzers of one compilation share: the chain, validated at most once (lazily, by whichever analyzer
/// asks first, thread-safe), the symbolic schema replay, built only if an analyzer needs it, and the release boundary
/// of the lock file.
/// </summary>
internal sealed class CompilationChain
{
    private static readonly ConditionalWeakTable<Compilation, CompilationChain> Cache = new();

    private readonly OnceWithCancellation<ChainView> _view;
    private readonly OnceWithCancellation<SchemaView> _schema;
    private readonly OnceWithCancellation<LockedRelease> _release;

    private CompilationChain(Compilation compilation, MigrationSymbols symbols, AnalyzerOptions options)
    {
        _view = new OnceWithCancellation<ChainView>(token => ChainView.Build(compilation, symbols, token));
        _schema = new OnceWithCancellation<SchemaView>(token => SchemaView.Build(View(token), compilation, options, token));
        _release = new OnceWithCancellation<LockedRelease>(token => LockedRelease.Read(options, token));
    }

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

    /// <summary>
    /// The release boundary of the project's <c>migrations.lock</c>: <c>Release(token).Boundary.IsReleased(revision)</c>
    /// says whether a revision has shipped (every revision has, when the lock records no boundary).
    /// </summary>
    public LockedRelease Release(CancellationToken cancellationToken) => _release.Get(cancellationToken);
}
