using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;

namespace MigrationChain.Benchmarks.LiveAnalysis.Workspace;

/// <summary>The workspace edit loop (kept apart from Program so no Roslyn type is touched before the resolver is set).</summary>
internal static class Harness
{
    public static async Task<int> Run(IReadOnlyList<string> directories, int edits, int warmup, bool collect, bool allocations)
    {
        using var types = allocations ? new AllocationTypes() : null;
        using var workspace = MSBuildWorkspace.Create();
        var sessions = new List<Session>();
        foreach (var directory in directories)
        {
            var path = Directory.GetFiles(directory, "*.csproj").Single();
            var load = Stopwatch.StartNew();
            var project = await workspace.OpenProjectAsync(path);
            Console.Error.WriteLine($"{Path.GetFileName(directory)}: {project.Documents.Count()} documents, {project.AnalyzerReferences.Count} analyzer references, loaded in {load.Elapsed.TotalSeconds:F1} s");
            foreach (var diagnostic in workspace.Diagnostics.Take(5))
            {
                Console.Error.WriteLine($"  workspace: {diagnostic.Message}");
            }

            sessions.Add(Session.Open(Path.GetFileName(directory), project));
        }

        var process = Process.GetCurrentProcess();
        for (var edit = 0; edit < edits + warmup; edit++)
        {
            var breaking = edit % 2 == 0;
            foreach (var session in sessions)
            {
                if (collect)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }

                var pause = GC.GetTotalPauseDuration();
                var gen2 = GC.CollectionCount(2);
                var gen0 = GC.CollectionCount(0);
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                if (types is not null)
                {
                    types.Recording = true;
                }

                var codes = await session.Edit(breaking);
                wall.Stop();
                if (types is not null)
                {
                    types.Recording = false;
                    Console.Error.WriteLine("    allocated (sampled), MiB: " + string.Join(", ", types.TakeTop(12).Select(t => FormattableString.Invariant($"{t.Type} {t.Bytes / 1048576.0:F1}"))));
                }
                process.Refresh();
                var sample = new Sample(
                    (process.TotalProcessorTime - cpu).TotalMilliseconds,
                    wall.Elapsed.TotalMilliseconds,
                    (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0,
                    GC.CollectionCount(0) - gen0,
                    GC.CollectionCount(2) - gen2,
                    (GC.GetTotalPauseDuration() - pause).TotalMilliseconds);
                if (session.ReportsMigrationChain && codes.Contains("MC1002") != breaking)
                {
                    throw new InvalidOperationException($"{session.Name}, edit {edit}: MC1002 expected {(breaking ? "present" : "absent")}, got [{string.Join(",", codes.Distinct())}].");
                }

                Console.Error.WriteLine(FormattableString.Invariant($"  {session.Name} edit {edit + 1}: CPU {sample.CpuMs:F0} ms, wall {sample.WallMs:F0} ms, {sample.AllocatedMiB:F0} MiB allocated, gen0 {sample.Gen0}, gen2 {sample.Gen2}, GC pauses {sample.PauseMs:F0} ms{(edit < warmup ? " (warm-up)" : string.Empty)}; compilation step CPU {session.CompilationCpuMs:F0} ms"));
                if (edit >= warmup)
                {
                    session.Samples.Add(sample);
                }
            }
        }

        Console.WriteLine($"Through csharp-ls's Roslyn workspace, in process: medians of {edits} edits after {warmup} warm-up edits (projects interleaved){(collect ? "; a full collection before each edit" : "; no forced collection (as in the server)")}");
        Console.WriteLine();
        Console.WriteLine("| Project | CPU ms | wall ms | MiB allocated | gen-0 GCs | gen-2 GCs | GC pause ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var session in sessions)
        {
            static double Median(IEnumerable<double> values)
            {
                var sorted = values.OrderBy(v => v).ToList();
                return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
            }

            Console.WriteLine(FormattableString.Invariant(
                $"| {session.Name} | {Median(session.Samples.Select(s => s.CpuMs)):F0} | {Median(session.Samples.Select(s => s.WallMs)):F0} | {Median(session.Samples.Select(s => s.AllocatedMiB)):F0} | {Median(session.Samples.Select(s => (double)s.Gen0)):F0} | {Median(session.Samples.Select(s => (double)s.Gen2)):F0} | {Median(session.Samples.Select(s => s.PauseMs)):F0} |"));
        }

        return 0;
    }
}

/// <summary>One measured edit.</summary>
internal sealed record Sample(double CpuMs, double WallMs, double AllocatedMiB, int Gen0, int Gen2, double PauseMs);

/// <summary>One project of the workspace and the document its edits change.</summary>
internal sealed class Session
{
    private readonly string _good;
    private readonly string _broken;
    private Project _project;

    private Session(string name, Project project, DocumentId document, string good, string broken, bool reportsMigrationChain)
    {
        Name = name;
        _project = project;
        Document = document;
        _good = good;
        _broken = broken;
        ReportsMigrationChain = reportsMigrationChain;
    }

    public string Name { get; }

    public DocumentId Document { get; }

    public bool ReportsMigrationChain { get; }

    public List<Sample> Samples { get; } = new();

    /// <summary>CPU of the last edit's Project/Document step (the workspace's compilation, generators included).</summary>
    public double CompilationCpuMs { get; private set; }

    public static Session Open(string name, Project project)
    {
        // The same migration bench/LiveAnalysis edits: the one in the middle of the chain.
        var files = project.Documents.Where(d => d.FilePath is { } p && p.Contains("/Migrations/", StringComparison.Ordinal)).OrderBy(d => d.FilePath, StringComparer.Ordinal).ToArray();
        var edited = files[files.Length / 2 + 5];
        var good = edited.GetTextAsync().GetAwaiter().GetResult().ToString();
        var parent = (files.Length / 2 + 4).ToString("D6", CultureInfo.InvariantCulture);
        var broken = good.Replace($"Parent = \"{parent}\"", $"Parent = \"{parent}x\"", StringComparison.Ordinal);
        if (broken == good)
        {
            throw new InvalidOperationException($"{edited.FilePath} has no Parent = \"{parent}\".");
        }

        var ours = project.AnalyzerReferences.Any(r => r.Display?.Contains("MigrationChain.Analyzers", StringComparison.Ordinal) == true);
        return new Session(name, project, edited.Id, good, broken, ours);
    }

    /// <summary>What csharp-ls 0.28 does for a pull after didChange (Roslyn/Analyzers.fs, getDocumentDiagnosticsWithAnalyzers).</summary>
    public async Task<List<string>> Edit(bool breaking)
    {
        _project = _project.Solution.WithDocumentText(Document, SourceText.From(breaking ? _broken : _good)).GetProject(_project.Id)!;
        var document = _project.GetDocument(Document)!;
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var model = (await document.GetSemanticModelAsync())!;
        process.Refresh();
        CompilationCpuMs = (process.TotalProcessorTime - before).TotalMilliseconds;
        var analyzers = _project.AnalyzerReferences.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
        if (analyzers.IsEmpty)
        {
            return model.GetDiagnostics().Select(d => d.Id).ToList();
        }

        var withAnalyzers = model.Compilation.WithAnalyzers(analyzers, _project.AnalyzerOptions);
        var all = await withAnalyzers.GetAllDiagnosticsAsync();
        return all.Where(d => d.Location.GetMappedLineSpan().Path == model.SyntaxTree.FilePath).Select(d => d.Id).ToList();
    }
}
