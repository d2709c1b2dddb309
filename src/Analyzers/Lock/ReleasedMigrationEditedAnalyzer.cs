using System.Collections.Immutable;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Lock;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Lock;

/// <summary>
/// MC4004, live: a migration that <c>migrations.lock</c> marks as released no longer matches what was released (its
/// checksum or its parents). The build reports the same (MigrationChain.Build); here the developer sees it while
/// typing, on the migration's attribute. Checksums are compared only when the lock holds a source checksum
/// (<c>src:</c>), the kind computed here from syntax exactly as the source generator computes it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReleasedMigrationEditedAnalyzer : DiagnosticAnalyzer
{
    private const string SourceChecksumKind = "src";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC4004_ReleasedMigrationEdited);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var chain = CompilationChain.For(start.Compilation, start.Options);
            if (chain is not null)
            {
                // Read once here, so no file's action waits on another thread reading the lock file.
                if (CompilationFacts.Of(start.Compilation, start.CancellationToken).WithMigrations.Count > 0)
                {
                    chain.Release(start.CancellationToken);
                }

                start.RegisterSyntaxTreeAction(tree => Analyze(tree, chain));
            }
        });
    }

    private static void Analyze(SyntaxTreeAnalysisContext context, CompilationChain chain)
    {
        var token = context.CancellationToken;
        var migrations = TreeFacts.Of(context.Tree, token).Migrations;
        if (migrations.Count == 0)
        {
            return;
        }

        var release = chain.Release(token);
        if (!release.Boundary.HasBoundary)
        {
            return;
        }

        var view = chain.View(token);
        for (var i = 0; i < migrations.Count; i++)
        {
            var declaration = migrations[i];
            if (!view.TryGetNode(declaration, out var node))
            {
                continue;
            }

            var info = view.Graph.Nodes[node];
            if (release.Boundary.ReleasedEntry(info.Revision) is not { } released || released.Checksum == LockFile.AcceptEditChecksum)
            {
                continue;
            }

            // Another kind of checksum (the IL fingerprint of a build without the generator) cannot be recomputed
            // here; the parents still can.
            var checksum = released.ChecksumKind == SourceChecksumKind ? SourceChecksumKind + ":" + declaration.Checksum : released.Checksum;
            var current = new LockEntry(info.Revision, info.Parents, checksum) { TypeName = info.TypeName };
            if (LockComparison.Change(released, current) is { } change)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MC4004_ReleasedMigrationEdited,
                    declaration.Attribute.GetLocation(),
                    LockComparison.ReleasedEditMessage(current, change, release.FileName)));
            }
        }
    }
}
