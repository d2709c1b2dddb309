using System.Threading;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers;

/// <summary>
/// An analyzer that looks at one file's migrations at a time, through that file's semantic model, and only in
/// compilations that reference MigrationChain.Runtime. Reporting per file, not at compilation end, is what makes its
/// diagnostics show live in the IDE on the file being edited.
/// </summary>
public abstract class MigrationFileAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Symbols are bound per file, not here: binding at compilation start would do the compiler's work early.
            var symbols = MigrationSymbols.Of(start.Compilation);
            if (symbols is not null)
            {
                OnCompilationStart(start.Compilation, start.Options, start.CancellationToken);
                start.RegisterSemanticModelAction(model => AnalyzeFile(model, symbols));
            }
        });
    }

    /// <summary>Work shared by every file of the compilation that is better done once, before any file's action runs.</summary>
    private protected virtual void OnCompilationStart(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
    }

    /// <summary>Reports on the migrations declared in one file.</summary>
    private protected abstract void AnalyzeFile(SemanticModelAnalysisContext context, MigrationSymbols symbols);
}
