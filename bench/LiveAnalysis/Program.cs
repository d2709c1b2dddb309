using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MigrationChain.Benchmarks.Analyzers;
using MigrationChain.Benchmarks.LiveAnalysis;

// Usage: dotnet run -c Release --project bench/LiveAnalysis -- [--sizes 1000,10000] [--edits 10] [--warmup 5]
//        [--server PATH-TO-csharp-ls] [--work DIR] [--variants on,noop,off] [--baseline-analyzer PATH]
// Variants: "on" loads MigrationChain's analyzers and generator; "off" loads no analyzer; "noop" loads one analyzer
// that registers nothing (csharp-ls 0.28 then analyses the whole compilation per pull, as it does for "on");
// "baseline" loads another build of MigrationChain.Analyzers.dll (--baseline-analyzer, e.g. a copy of main's), for a
// before/after pair in the same run.
// Progress goes to stderr; the Markdown table of results to stdout.
var options = LiveOptions.Parse(args);
var repository = RepositoryRoot.Find();
var server = options.Server ?? CsharpLs.Install(Path.Combine(options.WorkDirectory, "tools"));
Console.Error.WriteLine($"Building the analyzers and the runtime (Release) from {repository} ...");
var assemblies = Toolchain.BuildInputs(repository);
var noOpAnalyzer = NoOpAnalyzer.Build(repository);

var rows = new List<string>();
foreach (var size in options.Sizes)
{
    foreach (var variant in options.Variants)
    {
        var analyzersOn = variant is "on" or "baseline";
        var directory = Path.Combine(options.WorkDirectory, $"Live{size}{char.ToUpperInvariant(variant[0])}{variant[1..]}");
        var project = GeneratedProject.Write(directory, size, assemblies);
        if (variant == "baseline")
        {
            var ours = File.ReadAllText(project);
            var line = ours.Split('\n').Single(l => l.Contains("<Analyzer Include=", StringComparison.Ordinal));
            File.WriteAllText(project, ours.Replace(line, $"    <Analyzer Include=\"{options.BaselineAnalyzer ?? throw new ArgumentException("--variants baseline needs --baseline-analyzer PATH.")}\" />", StringComparison.Ordinal));
        }
        else if (!analyzersOn)
        {
            // Same sources, same compiler; MigrationChain's analyzers (and its generator) are left out, or replaced by
            // an analyzer that does nothing.
            var text = File.ReadAllLines(project)
                .Where(line => variant == "noop" || !line.Contains("<Analyzer Include=", StringComparison.Ordinal))
                .Select(line => line.Contains("<Analyzer Include=", StringComparison.Ordinal) ? $"    <Analyzer Include=\"{noOpAnalyzer}\" />" : line);
            File.WriteAllLines(project, text);
        }

        Toolchain.Restore(project);
        var result = await EditSession.Measure(server, directory, size, analyzersOn, options);
        rows.Add(FormattableString.Invariant(
            $"| {size:N0} | {variant} | {result.BreakMedianMs:F0} | {result.FixMedianMs:F0} | {result.MedianMs:F0} | {result.FirstMs:F0} | {result.PeakMiB:F0} | {File.ReadAllText("/proc/loadavg").Split(' ')[0]} |"));
        Console.Error.WriteLine(rows[^1]);
    }
}

Console.WriteLine($"Medians of {options.Edits} measured edits (each: break a Parent, then fix it) after {options.Warmup} warm-up edits; ms from didChange to the pull diagnostics that show (or clear) MC1002.");
Console.WriteLine();
Console.WriteLine("| Migrations | analyzers | break (ms) | fix (ms) | all edits (ms) | first edit after load (ms) | server peak RSS (MiB) | load average at the end |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(row);
}

return 0;

/// <summary>Command-line options of the live-analysis benchmark.</summary>
internal sealed record LiveOptions(IReadOnlyList<int> Sizes, int Edits, int Warmup, string? Server, string WorkDirectory, IReadOnlyList<string> Variants, string? BaselineAnalyzer)
{
    public static LiveOptions Parse(string[] args)
    {
        IReadOnlyList<int> sizes = new[] { 1_000, 10_000 };
        var edits = 10;
        var warmup = 5;
        string? server = null;
        string? baseline = null;
        IReadOnlyList<string> variants = new[] { "on", "noop", "off" };
        var work = Path.Combine(RepositoryRoot.Find(), "artifacts", "bench-live-analysis");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--sizes": sizes = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--edits": edits = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--server": server = Path.GetFullPath(value); break;
                case "--work": work = Path.GetFullPath(value); break;
                case "--variants": variants = value.Split(',').Select(v => v is "on" or "off" or "noop" or "baseline" ? v : throw new ArgumentException($"Unknown variant {v}; use on, noop, off, baseline.")).ToArray(); break;
                case "--baseline-analyzer": baseline = Path.GetFullPath(value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --sizes a,b, --edits N, --warmup N, --server PATH, --work DIR, --variants on,noop,off,baseline, --baseline-analyzer PATH.");
            }
        }

        return new LiveOptions(sizes, edits, warmup, server, work, variants, baseline);
    }
}

/// <summary>The analyzer that registers nothing (bench/LiveAnalysis.NoOpAnalyzer), built in Release.</summary>
internal static class NoOpAnalyzer
{
    public static string Build(string repository)
    {
        var project = Path.Combine(repository, "bench/LiveAnalysis.NoOpAnalyzer/MigrationChain.LiveAnalysis.NoOpAnalyzer.csproj");
        using var build = Process.Start("dotnet", new[] { "build", project, "-c", "Release", "-nr:false", "-v:q" });
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build {project} failed.");
        }

        return Path.Combine(repository, "bench/LiveAnalysis.NoOpAnalyzer/bin/Release/netstandard2.0/MigrationChain.LiveAnalysis.NoOpAnalyzer.dll");
    }
}

/// <summary>csharp-ls 0.28.0 as a dotnet tool in the work folder, installed on first use.</summary>
internal static class CsharpLs
{
    public static string Install(string toolPath)
    {
        var executable = Path.Combine(toolPath, "csharp-ls");
        if (!File.Exists(executable))
        {
            using var install = Process.Start("dotnet", new[] { "tool", "install", "csharp-ls", "--version", "0.28.0", "--tool-path", toolPath });
            install.WaitForExit();
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet tool install csharp-ls --version 0.28.0 failed; pass --server PATH to an installed csharp-ls.");
            }
        }

        return executable;
    }
}
