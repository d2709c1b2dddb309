using System.Diagnostics;
using System.Globalization;
using MigrationChain.Benchmarks.Analyzers;

// Usage: dotnet run --project bench/Analyzers -c Release -- [--runs N] [--sizes 1000,10000] [--work DIR] [--baseline ANALYZER-DLL] [--readytorun true]
var options = BenchmarkOptions.Parse(args);
var repository = RepositoryRoot.Find();
Console.WriteLine($"Building the analyzers and the runtime (Release) from {repository} ...");
var assemblies = Toolchain.BuildInputs(repository, options.ReadyToRun);
if (assemblies.ReadyToRunAnalyzers is { } image)
{
    // "this" is the ReadyToRun image; "baseline" the IL build it was compiled from, or with --baseline another
    // assembly (e.g. another branch's image), both measured alternately.
    Console.WriteLine($"ReadyToRun image: {image} (baseline: {options.Baseline ?? "the IL build"})");
    options = options with { Baseline = options.Baseline ?? assemblies.Analyzers };
    assemblies = assemblies with { Analyzers = image };
}

var results = new List<SizeResult>();
foreach (var size in options.Sizes)
{
    var project = GeneratedProject.Write(Path.Combine(options.WorkDirectory, $"Migrations{size}"), size, assemblies);
    Console.WriteLine($"{size} migrations: {project}");
    Toolchain.Restore(project);
    if (options.Runs == 0)
    {
        continue; // --runs 0: only write and restore the projects (for bench/LiveAnalysis.InProcess)
    }

    // The same sources without MigrationChain's analyzer assembly: the compile with analyzers off, built in the same
    // run, alternating with the measured builds, so load falls on both alike.
    var off = GeneratedProject.Write(Path.Combine(options.WorkDirectory, $"Migrations{size}Off"), size, assemblies);
    File.WriteAllLines(off, File.ReadAllLines(off).Where(line => !line.Contains("<Analyzer Include=", StringComparison.Ordinal)));
    Toolchain.Restore(off);

    // --baseline: the same sources with another build of the analyzer assembly (its own folder, so the compiler server
    // loads it apart from ours), built alternately too, so before and after share the machine's load.
    string? baseline = null;
    if (options.Baseline is { } baselineDll)
    {
        var folder = Path.Combine(options.WorkDirectory, "baseline-analyzer");
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, Path.GetFileName(baselineDll));
        File.Copy(baselineDll, copy, overwrite: true);
        baseline = GeneratedProject.Write(Path.Combine(options.WorkDirectory, $"Migrations{size}Baseline"), size, assemblies with { Analyzers = copy });
        Toolchain.Restore(baseline);
    }

    Toolchain.Build(project); // warm-up: compiler server, JIT, disk cache
    Toolchain.Build(off);
    if (baseline is not null)
    {
        Toolchain.Build(baseline);
    }

    var runs = new List<BuildMeasurement>();
    var offRuns = new List<double>();
    var baselineRuns = new List<BuildMeasurement>();
    for (var run = 1; run <= options.Runs; run++)
    {
        var measurement = Toolchain.Build(project);
        runs.Add(measurement);
        var without = Toolchain.Build(off).CompileSeconds;
        offRuns.Add(without);
        Console.WriteLine(FormattableString.Invariant(
            $"  run {run}: compile {measurement.CompileSeconds:F2} s, MigrationChain analyzers {measurement.AnalyzerSeconds:F3} s + generator {measurement.GeneratorSeconds:F3} s = {measurement.SharePercent:F1} %; analyzers off {without:F2} s (+{100 * (measurement.CompileSeconds / without - 1):F1} %)"));
        if (baseline is not null)
        {
            var before = Toolchain.Build(baseline);
            baselineRuns.Add(before);
            Console.WriteLine(FormattableString.Invariant(
                $"  run {run}, baseline: compile {before.CompileSeconds:F2} s, MigrationChain analyzers {before.AnalyzerSeconds:F3} s + generator {before.GeneratorSeconds:F3} s = {before.SharePercent:F1} %"));
        }
    }

    results.Add(new SizeResult(size, runs, offRuns) { BaselineRuns = baselineRuns });
}

if (options.Runs == 0)
{
    return 0;
}

Console.WriteLine();
Console.WriteLine(Report.Markdown(results, options.Runs));
return 0;
