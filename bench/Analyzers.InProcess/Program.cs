using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Benchmarks.Analyzers.InProcess;
using MigrationChain.Benchmarks.LiveAnalysis.NoOp;

// Usage: dotnet run -c Release --project bench/Analyzers.InProcess -- PROJECT-DIR [builds] [both|ours] [reference-pack-dir]
//            [--fresh] [--baseline ANALYZER-DLL] [--ours ANALYZER-DLL] [--readytorun] [--warmup N] [--prejit] [--jit-log] [--alloc-log] [--alloc-alone] [--idle] [--sequential]
// PROJECT-DIR: a project bench/Analyzers generated (artifacts/bench-analyzers/Migrations1000).
// Each build parses every file again (so no per-tree cache of an earlier build helps, as in a command-line build in
// the compiler server), runs the generator, asks the compiler's diagnostics, then runs either MigrationChain's
// analyzers or a no-op analyzer over the whole compilation (concurrently, as csc does). The variants alternate
// build by build, in an order that alternates too. Reported: medians after the warm-up builds (2 unless --warmup N) of process CPU ms per build, wall ms, JIT compilation
// (methods and ms) per build, and the compiler's execution time per MigrationChain analyzer (summed over threads, as
// -p:ReportAnalyzer does).
// --fresh: load this build's analyzer assembly anew for every build, into its own load context, as the compiler
// server does for each command-line build (so its type loading and JIT compilation count in every build).
// --prejit: with --fresh, JIT-compile every method of the freshly loaded assembly before the build's clock starts
// (what the build then costs without compiling our code).
// --jit-log: count the methods naming a MigrationChain type JIT-compiled in each build (medians per variant), and list
// those of the last build of "ours", by type.
// --baseline DLL: also build with the analyzer assembly DLL (e.g. main's), loaded anew for every build, alternating.
// --ours DLL: with --fresh, "ours" is DLL (e.g. this build's ReadyToRun image) instead of the referenced build.
// --readytorun: with --fresh, load contexts that are never unloaded, where the runtime uses a ReadyToRun image's
// precompiled code (in a collectible one it JIT-compiles every method): with --jit-log, what an image still compiles.
// --alloc-log: the analysis's allocations by type (the runtime's allocation sampling), per MigrationChain variant, MB
// per measured build: what to cut first.
// --idle: the "noop" variant is as many analyzers as ours that register our kinds of per-file actions and do nothing
// in them (the no-op analyzer registers none, and the driver skips it outright): the analyzer driver's own cost
// (with semantic-model actions, in process, it compiles every method body again: ~35 MB at 1,000 migrations).
// With --alloc-log the allocations by type are then also printed as ours minus this floor.
// --sequential: the analyzers run one action at a time (concurrentAnalysis: false), so the per-analyzer times hold
// no waits for shared state another thread is building and no contention: where the work is.
// --alloc-alone: after the last build, each MigrationChain analyzer of "ours" alone over that build's compilation
// (sequentially, so its shared state is built for it alone): bytes allocated and its largest sampled types; and an
// analyzer with the same kinds of actions that does nothing (the driver's floor).
var flags = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet();
var baselinePath = args.SkipWhile(a => a != "--baseline").Skip(1).FirstOrDefault();
var oursPath = args.SkipWhile(a => a != "--ours").Skip(1).FirstOrDefault() ?? typeof(MigrationManifestGenerator).Assembly.Location;
var collectible = !flags.Contains("--readytorun");
var warmUp = int.Parse(args.SkipWhile(a => a != "--warmup").Skip(1).FirstOrDefault() ?? "2", CultureInfo.InvariantCulture);
var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--baseline" or "--warmup" or "--ours"))).ToArray();
var directory = Path.GetFullPath(positional[0]);
var builds = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 9;
var onlyOurs = positional.Length > 2 && positional[2] == "ours"; // "ours": no no-op builds (for a profiler)
var referencePack = positional.Length > 3 ? positional[3] : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages/microsoft.netcore.app.ref/8.0.31/ref/net8.0");
var repository = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/bench/", StringComparison.Ordinal)];
var references = Directory.GetFiles(referencePack, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();
references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Runtime/bin/Release/net8.0/MigrationChain.Runtime.dll")));
references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Rules/bin/Release/net8.0/MigrationChain.Rules.dll")));
var files = Directory.GetFiles(Path.Combine(directory, "Migrations"), "*.cs").OrderBy(f => f, StringComparer.Ordinal)
    .Select(f => (Path: f, Text: File.ReadAllText(f))).ToArray();

var variants = new List<AnalyzerAssembly>
{
    flags.Contains("--fresh")
        ? AnalyzerAssembly.FreshEachBuild("ours", oursPath, collectible)
        : AnalyzerAssembly.Referenced(typeof(MigrationManifestGenerator).Assembly),
};
if (baselinePath is not null)
{
    variants.Add(AnalyzerAssembly.FreshEachBuild("baseline", baselinePath, collectible));
}

using var jitLog = flags.Contains("--jit-log") ? new JitLog() : null;
var allocationLogs = flags.Contains("--alloc-log") ? variants.Select(v => v.Name).Append("noop").ToDictionary(v => v, _ => new AllocationLog()) : null;
var noOp = flags.Contains("--idle")
    ? Enumerable.Range(0, AnalyzerAssembly.Referenced(typeof(MigrationManifestGenerator).Assembly).Instantiate().Analyzers.Length)
        .Select(_ => (DiagnosticAnalyzer)new IdleActionsAnalyzer()).ToImmutableArray()
    : ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer());
Console.Error.WriteLine($"{files.Length} files; variants: {string.Join(", ", variants.Select(v => v.Name))}{(onlyOurs ? string.Empty : ", noop")}");

var measured = new Dictionary<string, Dictionary<string, List<double>>>();
var process = Process.GetCurrentProcess();
for (var build = 0; build < builds + warmUp; build++)
{
    // The order alternates build by build: whichever variant runs first also meets whatever the process still
    // compiles or collects from the build before.
    var order = variants.Select(v => (Name: v.Name, Assembly: (AnalyzerAssembly?)v)).Append(("noop", null)).ToList();
    if (build % 2 == 1)
    {
        order.Reverse();
    }

    foreach (var variant in order)
    {
        if (onlyOurs && variant.Assembly is null)
        {
            continue;
        }

        // Loading and instantiating are outside the measured time (the compiler's report leaves them out too);
        // --prejit also compiles every method of a freshly loaded assembly here, to show what JIT compilation costs.
        var (analyzers, generators) = variant.Assembly?.Instantiate(prejit: flags.Contains("--prejit")) ?? (noOp, ImmutableArray<ISourceGenerator>.Empty);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var jitMethodsBefore = JitInfo.GetCompiledMethodCount(currentThread: false);
        var jitTimeBefore = JitInfo.GetCompilationTime(currentThread: false);
        // With --jit-log every build of every variant is logged (the count of our methods compiled is a measurement);
        // the last build of "ours" is also listed by type and written out method by method.
        var logJit = jitLog is not null && variant.Assembly is not null;
        var listJit = logJit && build == builds + warmUp - 1 && variant.Name == "ours";
        if (logJit)
        {
            jitLog!.Start();
        }

        var clock = Stopwatch.StartNew();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, CSharpParseOptions.Default, f.Path)).ToArray();
        Compilation compilation = CSharpCompilation.Create("Bench" + build, trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var generator = 0.0;
        var generatorAllocated = 0L;
        var gen2Before = GC.CollectionCount(2);
        if (generators.Length > 0)
        {
            var driver = CSharpGeneratorDriver.Create(generators, driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var timed = driver.RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);
            generatorAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            generator = timed.GetTimingInfo().ElapsedTime.TotalSeconds;
        }

        // The compiler's own diagnostics first (binding every method body, as csc does), then every analyzer over the
        // whole compilation, concurrently, with the compiler's per-analyzer execution times.
        var compilerDiagnostics = compilation.GetDiagnostics();
        var analysisAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var allocationLog = build >= warmUp ? allocationLogs?[variant.Name] : null;
        allocationLog?.Start();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: !flags.Contains("--sequential"), logAnalyzerExecutionTime: true));
        var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
        var analysisAllocated = GC.GetTotalAllocatedBytes(precise: true) - analysisAllocatedBefore;
        allocationLog?.Stop();
        var diagnostics = compilerDiagnostics.AddRange(result.GetAllDiagnostics());
        clock.Stop();
        process.Refresh();
        var ms = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var oursJitted = 0;
        var oursJitMs = 0.0;
        if (logJit)
        {
            var all = jitLog!.Stop();
            var naming = all.Where(m => m.Method.Contains("MigrationChain.", StringComparison.Ordinal) && !m.Method.Contains("MigrationChain.Benchmarks.", StringComparison.Ordinal)).ToList();
            oursJitted = naming.Count;
            oursJitMs = naming.Sum(m => m.Milliseconds);
        }

        if (listJit)
        {
            var methods = jitLog!.Stop();
            var ours = methods.Where(m => m.Method.Contains("MigrationChain.", StringComparison.Ordinal)).ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"JIT-compiled in the last build: {methods.Count} methods, {methods.Sum(m => m.Milliseconds):F0} ms; naming a MigrationChain type: {ours.Count}, {ours.Sum(m => m.Milliseconds):F0} ms; by type:"));
            foreach (var group in ours.GroupBy(m => m.Method[..m.Method.IndexOf("::", StringComparison.Ordinal)]).OrderByDescending(g => g.Sum(m => m.Milliseconds)).Take(40))
            {
                Console.WriteLine(FormattableString.Invariant($"  {group.Count(),5} {group.Sum(m => m.Milliseconds),7:F1} ms  {group.Key}"));
            }

            var log = Path.Combine(Directory.CreateTempSubdirectory("mchain-jit-log-").FullName, "methods.txt");
            File.WriteAllLines(log, methods.Select(m => FormattableString.Invariant($"{m.Milliseconds:F3}\t{m.Method}")));
            Console.WriteLine($"  every method: {log}");
        }

        var jitMethods = JitInfo.GetCompiledMethodCount(currentThread: false) - jitMethodsBefore;
        var jitMs = (JitInfo.GetCompilationTime(currentThread: false) - jitTimeBefore).TotalMilliseconds;
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id == "AD0001").ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"build {build} ({variant.Name}): {errors.Count} errors, first: {errors[0]}");
        }

        // What MigrationChain reports on the project (the same in every build; a change would show a behaviour change).
        var reported = string.Join(", ", diagnostics.Where(d => d.Id.StartsWith("MC", StringComparison.Ordinal)).GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        if (build == 0 && variant.Assembly is not null)
        {
            Console.WriteLine($"MigrationChain diagnostics ({variant.Name}): {(reported.Length == 0 ? "none" : reported)}");
        }

        Console.Error.WriteLine(FormattableString.Invariant($"build {build - warmUp + 1} {variant.Name}: cpu {ms:F0} ms, wall {clock.Elapsed.TotalMilliseconds:F0} ms, JIT {jitMethods} methods {jitMs:F0} ms"));
        if (build < warmUp)
        {
            continue;
        }

        Add(variant.Name, "process CPU", ms);
        Add(variant.Name, "wall", clock.Elapsed.TotalMilliseconds);
        Add(variant.Name, "JIT-compiled methods", jitMethods);
        Add(variant.Name, "JIT ms", jitMs);
        Add(variant.Name, "gen2 GCs", GC.CollectionCount(2) - gen2Before);
        Add(variant.Name, "MB allocated by the analysis", analysisAllocated / 1e6); // the driver's share too: compare with noop
        if (logJit)
        {
            Add(variant.Name, "JIT-compiled, naming a MigrationChain type", oursJitted);
            Add(variant.Name, "JIT ms, naming a MigrationChain type", oursJitMs);
        }
        if (flags.Contains("--alloc-alone") && build == builds + warmUp - 1 && variant.Name == "ours")
        {
            await AllocationsAlone(compilation, analyzers);
        }

        if (variant.Assembly is not null)
        {
            Add(variant.Name, "(generator)", generator * 1000);
            Add(variant.Name, "(generator, MB allocated)", generatorAllocated / 1e6);
            var total = 0.0;
            foreach (var analyzer in analyzers)
            {
                var seconds = result.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry) ? telemetry.ExecutionTime.TotalSeconds : 0;
                total += seconds;
                Add(variant.Name, analyzer.GetType().Name, seconds * 1000);
            }

            Add(variant.Name, "(analyzers, total)", total * 1000);
            Add(variant.Name, "(analyzers + generator)", (total + generator) * 1000);
        }
    }
}

Console.WriteLine(FormattableString.Invariant($"Medians of {builds} builds (after {warmUp} warm-up), {files.Length} migrations:"));
var names = measured.Keys.OrderBy(n => n == "noop").ThenBy(n => n == "baseline").ToArray();
Console.WriteLine("  " + string.Join(string.Empty, names.Select(n => $"{n,12}")) + "  measurement");
var headline = new[] { "process CPU", "wall", "JIT-compiled methods", "JIT ms", "gen2 GCs", "MB allocated by the analysis", "JIT-compiled, naming a MigrationChain type", "JIT ms, naming a MigrationChain type" };
foreach (var measurement in headline.Where(m => measured[names[0]].ContainsKey(m)))
{
    // A variant without the row (the no-op analyzer has no methods of ours to count) prints NaN.
    Console.WriteLine("  " + string.Join(string.Empty, names.Select(n => FormattableString.Invariant($"{(measured[n].TryGetValue(measurement, out var v) ? Median(v) : double.NaN),12:F1}"))) + "  " + measurement);
}

if (measured.ContainsKey("noop"))
{
    foreach (var name in names.Where(n => n != "noop"))
    {
        Console.WriteLine(FormattableString.Invariant($"  {name} - noop: CPU {Median(measured[name]["process CPU"].Zip(measured["noop"]["process CPU"], (a, b) => a - b)):F0} ms (paired)"));
    }
}

Console.WriteLine("  compiler's execution time per analyzer, ms:");
var analyzerRows = measured[names[0]].Keys.Except(headline)
    .OrderByDescending(k => Median(measured[names[0]][k]));
foreach (var row in analyzerRows)
{
    Console.WriteLine("  " + string.Join(string.Empty, names.Where(n => n != "noop").Select(n => FormattableString.Invariant($"{(measured[n].TryGetValue(row, out var v) ? Median(v) : double.NaN),12:F1}"))) + "  " + row);
}

var floor = allocationLogs is not null && flags.Contains("--idle") && !onlyOurs ? allocationLogs["noop"].ByType().ToDictionary(t => t.Type, t => t.Bytes) : null;
foreach (var (name, log) in allocationLogs ?? [])
{
    if (name == "noop" && floor is null)
    {
        continue;
    }

    Console.WriteLine($"  {name}: the analysis's allocations by type (sampled), MB per build, largest 40{(floor is null || name == "noop" ? string.Empty : ", and minus the idle analyzers' (those above 0.1 MB)")}:");
    foreach (var (type, bytes, samples) in log.ByType().Take(40))
    {
        Console.WriteLine(FormattableString.Invariant($"  {bytes / 1e6 / builds,8:F2} {samples,6}  {type}"));
    }

    if (floor is not null && name != "noop")
    {
        foreach (var (type, more) in log.ByType().Select(t => (t.Type, More: t.Bytes - floor.GetValueOrDefault(t.Type))).Where(t => t.More / 1e6 / builds > 0.1).OrderByDescending(t => t.More))
        {
            Console.WriteLine(FormattableString.Invariant($"  {more / 1e6 / builds,8:F2}  {type}"));
        }
    }

    log.Dispose();
}

return 0;

// Each analyzer alone over the compilation, after a run of the idle analyzer (the driver's own allocations for an
// analyzer with such actions: with semantic-model actions it compiles every method body again to raise the
// compilation's events, about as much as our analyzers' whole analysis), then all of ours together against as many
// idle analyzers together: the difference is what our actions allocate. Per-tree facts the generator built are
// shared by all of these runs (the trees are the same), as they are in a build.
static async Task AllocationsAlone(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
{
    Console.WriteLine("  each analyzer alone, MB allocated by its analysis (driver included), largest sampled types:");
    foreach (var analyzer in analyzers.Insert(0, new IdleActionsAnalyzer()))
    {
        await Measure([analyzer], analyzer.GetType().Name, concurrent: false, types: 12);
    }

    var idle = Enumerable.Range(0, analyzers.Length).Select(_ => (DiagnosticAnalyzer)new IdleActionsAnalyzer()).ToImmutableArray();
    Console.WriteLine($"  all together, concurrently (as csc runs them), MB allocated:");
    for (var round = 0; round < 3; round++)
    {
        await Measure(idle, $"{idle.Length} idle analyzers", concurrent: true, types: round == 2 ? 12 : 0);
        await Measure(analyzers, $"{analyzers.Length} MigrationChain analyzers", concurrent: true, types: round == 2 ? 40 : 0);
    }

    async Task Measure(ImmutableArray<DiagnosticAnalyzer> set, string name, bool concurrent, int types)
    {
        using var log = new AllocationLog();
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        log.Start();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrent, logAnalyzerExecutionTime: false);
        await compilation.WithAnalyzers(set, options).GetAnalysisResultAsync(CancellationToken.None);
        log.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine(FormattableString.Invariant($"  {allocated / 1e6,8:F2}  {name}"));
        foreach (var (type, bytes, _) in log.ByType().Take(types))
        {
            Console.WriteLine(FormattableString.Invariant($"      {bytes / 1e6,6:F2}  {type}"));
        }
    }
}

void Add(string variant, string name, double value)
{
    if (!measured.TryGetValue(variant, out var rows))
    {
        measured[variant] = rows = new Dictionary<string, List<double>>();
    }

    if (!rows.TryGetValue(name, out var list))
    {
        rows[name] = list = new List<double>();
    }

    list.Add(value);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
