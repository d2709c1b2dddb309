using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Benchmarks.LiveAnalysis.NoOp;

// Usage: dotnet run -c Release --project bench/Analyzers.InProcess -- PROJECT-DIR [builds] [both|ours] [reference-pack-dir]
// PROJECT-DIR: a project bench/Analyzers generated (artifacts/bench-analyzers/Migrations1000).
// Each build parses every file again (so no per-tree cache of an earlier build helps, as in a command-line build in
// the compiler server), runs the generator, asks the compiler's diagnostics, then runs either MigrationChain's
// analyzers or a no-op analyzer over the whole compilation (concurrently, as csc does). The two alternate
// build by build. Reported: medians after 2 warm-up builds of process CPU ms per build, wall ms, and the compiler's
// execution time per MigrationChain analyzer (summed over threads, as -p:ReportAnalyzer does).
var directory = Path.GetFullPath(args[0]);
var builds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
var onlyOurs = args.Length > 2 && args[2] == "ours"; // "ours": no no-op builds (for a profiler)
var referencePack = args.Length > 3 ? args[3] : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages/microsoft.netcore.app.ref/8.0.31/ref/net8.0");
var repository = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/bench/", StringComparison.Ordinal)];
var references = Directory.GetFiles(referencePack, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();
references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Runtime/bin/Release/net8.0/MigrationChain.Runtime.dll")));
references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Rules/bin/Release/net8.0/MigrationChain.Rules.dll")));
var files = Directory.GetFiles(Path.Combine(directory, "Migrations"), "*.cs").OrderBy(f => f, StringComparer.Ordinal)
    .Select(f => (Path: f, Text: File.ReadAllText(f))).ToArray();
var ours = typeof(MigrationManifestGenerator).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();
var noOp = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer());
Console.Error.WriteLine($"{files.Length} files, {ours.Length} analyzers");

var cpu = new Dictionary<string, List<double>> { ["ours"] = new(), ["noop"] = new() };
var wall = new Dictionary<string, List<double>> { ["ours"] = new(), ["noop"] = new() };
var perAnalyzer = new Dictionary<string, List<double>>();
var process = Process.GetCurrentProcess();
for (var build = 0; build < builds + 2; build++)
{
    foreach (var (name, analyzers) in new[] { ("ours", ours), ("noop", noOp) })
    {
        if (onlyOurs && name == "noop")
        {
            continue;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, CSharpParseOptions.Default, f.Path)).ToArray();
        Compilation compilation = CSharpCompilation.Create("Bench" + build, trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var generator = 0.0;
        if (name == "ours")
        {
            var driver = CSharpGeneratorDriver.Create(new[] { new MigrationManifestGenerator().AsSourceGenerator() }, driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
            var timed = driver.RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);
            generator = timed.GetTimingInfo().ElapsedTime.TotalSeconds;
        }

        // The compiler's own diagnostics first (binding every method body, as csc does), then every analyzer over the
        // whole compilation, concurrently, with the compiler's per-analyzer execution times.
        var compilerDiagnostics = compilation.GetDiagnostics();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
        var diagnostics = compilerDiagnostics.AddRange(result.GetAllDiagnostics());
        clock.Stop();
        process.Refresh();
        var ms = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id == "AD0001").ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"build {build} ({name}): {errors.Count} errors, first: {errors[0]}");
        }

        // What MigrationChain reports on the project (the same in every build; a change would show a behaviour change).
        var reported = string.Join(", ", diagnostics.Where(d => d.Id.StartsWith("MC", StringComparison.Ordinal)).GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        if (build == 0 && name == "ours")
        {
            Console.WriteLine($"MigrationChain diagnostics: {(reported.Length == 0 ? "none" : reported)}");
        }

        if (build < 2)
        {
            continue;
        }

        cpu[name].Add(ms);
        wall[name].Add(clock.Elapsed.TotalMilliseconds);
        if (name == "ours")
        {
            Add("(generator)", generator);
            var total = 0.0;
            foreach (var analyzer in analyzers)
            {
                var seconds = result.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry) ? telemetry.ExecutionTime.TotalSeconds : 0;
                total += seconds;
                Add(analyzer.GetType().Name, seconds);
            }

            Add("(analyzers, total)", total);
        }

        Console.Error.WriteLine(FormattableString.Invariant($"build {build - 1} {name}: cpu {ms:F0} ms, wall {clock.Elapsed.TotalMilliseconds:F0} ms"));
    }
}

Console.WriteLine(FormattableString.Invariant($"Medians of {builds} builds (after 2 warm-up), {files.Length} migrations:"));
foreach (var name in cpu.Keys.Where(k => cpu[k].Count > 0))
{
    Console.WriteLine(FormattableString.Invariant($"  {name}: process CPU {Median(cpu[name]):F0} ms, wall {Median(wall[name]):F0} ms"));
}

if (!onlyOurs)
{
    Console.WriteLine(FormattableString.Invariant($"  ours - noop: CPU {Median(cpu["ours"].Zip(cpu["noop"], (a, b) => a - b)):F0} ms (paired)"));
}

Console.WriteLine("  compiler's execution time per analyzer, ms:");
foreach (var (name, values) in perAnalyzer.OrderByDescending(p => Median(p.Value)))
{
    Console.WriteLine(FormattableString.Invariant($"    {Median(values),8:F1}  {name}"));
}

return 0;

void Add(string name, double seconds)
{
    if (!perAnalyzer.TryGetValue(name, out var list))
    {
        perAnalyzer[name] = list = new List<double>();
    }

    list.Add(seconds * 1000);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
