using System.Diagnostics;
using System.Globalization;
using MigrationChain.Benchmarks.Analyzers;

// Usage: dotnet run --project bench/Analyzers -c Release -- [--runs N] [--sizes 1000,10000] [--work DIR]
var options = BenchmarkOptions.Parse(args);
var repository = RepositoryRoot.Find();
Console.WriteLine($"Building the analyzers and the runtime (Release) from {repository} ...");
var assemblies = Toolchain.BuildInputs(repository);

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
    Toolchain.Build(project); // warm-up: compiler server, JIT, disk cache
    Toolchain.Build(off);
    var runs = new List<BuildMeasurement>();
    var offRuns = new List<double>();
    for (var run = 1; run <= options.Runs; run++)
    {
        var measurement = Toolchain.Build(project);
        runs.Add(measurement);
        var without = Toolchain.Build(off).CompileSeconds;
        offRuns.Add(without);
        Console.WriteLine(FormattableString.Invariant(
            $"  run {run}: compile {measurement.CompileSeconds:F2} s, MigrationChain analyzers {measurement.AnalyzerSeconds:F3} s + generator {measurement.GeneratorSeconds:F3} s = {measurement.SharePercent:F1} %; analyzers off {without:F2} s (+{100 * (measurement.CompileSeconds / without - 1):F1} %)"));
    }

    results.Add(new SizeResult(size, runs, offRuns));
}

if (options.Runs == 0)
{
    return 0;
}

Console.WriteLine();
Console.WriteLine(Report.Markdown(results, options.Runs));
return 0;
