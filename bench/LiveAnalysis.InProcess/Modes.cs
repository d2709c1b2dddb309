using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Benchmarks.LiveAnalysis.NoOp;

namespace MigrationChain.Benchmarks.LiveAnalysis.InProcess;

/// <summary>How one mode analyses the compilation after an edit.</summary>
internal sealed record Mode(
    string Name,
    IncrementalGeneratorOutputKind? Generator,
    bool ReportsMigrationChain,
    Func<Compilation, SyntaxTree, Task<(List<string> Codes, List<(string Analyzer, double Seconds)> Telemetry)>> Analyse)
{
    public GeneratorDriver? CreateDriver() => Generator is { } disabled
        ? CSharpGeneratorDriver.Create(new[] { new MigrationManifestGenerator().AsSourceGenerator() }, driverOptions: new GeneratorDriverOptions(disabled))
        : null;
}

/// <summary>
/// The ways a host may analyse an edit. Two kinds of host: one that asks for the edited document only (Roslyn's own
/// language server, Visual Studio: syntax and semantic diagnostics of that document), and csharp-ls 0.28.0, which,
/// with <c>csharp.analyzersEnabled</c>, runs <c>CompilationWithAnalyzers.GetAllDiagnosticsAsync</c> on the WHOLE
/// compilation for every pull and keeps the edited file's part. Its baseline is the same call with an analyzer that
/// does nothing: what the host costs before any of MigrationChain's work.
/// </summary>
internal static class Modes
{
    public static IEnumerable<Mode> All(ImmutableArray<DiagnosticAnalyzer> ours)
    {
        var none = IncrementalGeneratorOutputKind.None;
        var implementation = IncrementalGeneratorOutputKind.Implementation;
        yield return new Mode("document: compiler alone (semantic diagnostics of the edited file)", null, false, async (c, t) =>
            (c.GetSemanticModel(t).GetDiagnostics().Select(d => d.Id).ToList(), new List<(string, double)>()));
        yield return new Mode("document: MigrationChain analyzers, no generator", null, true, (c, t) => Document(c, t, ours));
        yield return new Mode("document: generator (all outputs) + analyzers", none, true, (c, t) => Document(c, t, ours));
        yield return new Mode("document: generator (implementation skipped) + analyzers", implementation, true, (c, t) => Document(c, t, ours));
        yield return new Mode("whole compilation (csharp-ls 0.28): a no-op analyzer, no generator (baseline)", null, false, (c, t) => Whole(c, t, ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer())));
        yield return new Mode("whole compilation (csharp-ls 0.28): generator (all outputs) + analyzers", none, true, (c, t) => Whole(c, t, ours));
        yield return new Mode("whole compilation (csharp-ls 0.28): MigrationChain analyzers, no generator", null, true, (c, t) => Whole(c, t, ours));
        yield return new Mode("whole compilation (csharp-ls 0.28): generator (implementation skipped) + analyzers", implementation, true, (c, t) => Whole(c, t, ours));
    }

    private static async Task<(List<string>, List<(string, double)>)> Document(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, true, true));
        var codes = new List<string>();
        codes.AddRange((await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None)).Select(d => d.Id));
        codes.AddRange((await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, CancellationToken.None)).Select(d => d.Id));
        return (codes, await Telemetry(withAnalyzers, analyzers));
    }

    private static async Task<(List<string>, List<(string, double)>)> Whole(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, true, true));
        var all = await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None);
        var codes = all.Where(d => d.Location.SourceTree?.FilePath == tree.FilePath).Select(d => d.Id).ToList();
        return (codes, await Telemetry(withAnalyzers, analyzers));
    }

    private static async Task<List<(string, double)>> Telemetry(CompilationWithAnalyzers withAnalyzers, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var result = new List<(string, double)>();
        foreach (var analyzer in analyzers)
        {
            var info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            result.Add((analyzer.GetType().Name, info.ExecutionTime.TotalSeconds));
        }

        return result;
    }
}
