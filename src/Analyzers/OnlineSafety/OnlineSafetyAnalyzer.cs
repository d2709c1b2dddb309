using System.Collections.Immutable;
using System.Threading;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>
/// The shape every MC5xxx analyzer shares: it reports, per file and live (no compilation-end action), its own id
/// from the file's findings, which the first of them to run computes for all (<see cref="OnlineSafetyFindings"/>).
/// The rules themselves live in <c>src/Rules/Sql/Online</c>.
/// </summary>
public abstract class OnlineSafetyAnalyzer : MigrationFileAnalyzer
{
    private protected OnlineSafetyAnalyzer(DiagnosticDescriptor descriptor)
    {
        Descriptor = descriptor;
        SupportedDiagnostics = ImmutableArray.Create(descriptor);
    }

    /// <inheritdoc />
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    private protected DiagnosticDescriptor Descriptor { get; }

    /// <inheritdoc />
    private protected sealed override void OnCompilationStart(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken) =>
        OnlineSafetyFindings.Prepare(compilation, options, cancellationToken);

    /// <inheritdoc />
    private protected sealed override void AnalyzeFile(SemanticModelAnalysisContext context, MigrationSymbols symbols)
    {
        foreach (var diagnostic in OnlineSafetyFindings.Of(context, symbols, Descriptor.Id))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }
}
