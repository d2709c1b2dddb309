using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Benchmarks.Analyzers.InProcess;

/// <summary>
/// Registers the kinds of action MigrationChain's analyzers register (per file: a syntax-tree and a semantic-model
/// action) and does nothing in them: what the compiler's analyzer driver costs for such an analyzer, the floor under
/// any one of ours measured alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class IdleActionsAnalyzer : DiagnosticAnalyzer
{
    // Enabled by default: the driver skips an analyzer whose every diagnostic is disabled (as it does the no-op
    // analyzer), which would then measure nothing.
    private static readonly DiagnosticDescriptor Never = new("IDLE001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            start.RegisterSyntaxTreeAction(_ => { });
            start.RegisterSemanticModelAction(_ => { });
        });
    }
}
