using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MigrationChain.Benchmarks.Analyzers;
using MigrationChain.Benchmarks.LiveAnalysis;

// Usage: dotnet run -c Release --project bench/LiveAnalysis -- [--sizes 1000,10000] [--edits 10] [--warmup 5]
//        [--server PATH-TO-csharp-ls] [--work DIR]
// Progress goes to stderr; the Markdown table of results to stdout.
var options = LiveOptions.Parse(args);
var repository = RepositoryRoot.Find();
var server = options.Server ?? CsharpLs.Install(Path.Combine(options.WorkDirectory, "tools"));
Console.Error.WriteLine($"Building the analyzers and the runtime (Release) from {repository} ...");
var assemblies = Toolchain.BuildInputs(repository);

var rows = new List<string>();
foreach (var size in options.Sizes)
{
    foreach (var analyzersOn in new[] { true, false })
    {
        var directory = Path.Combine(options.WorkDirectory, $"Live{size}{(analyzersOn ? "On" : "Off")}");
        var project = GeneratedProject.Write(directory, size, assemblies);
        if (!analyzersOn)
        {
            // Same sources, same compiler; only MigrationChain's analyzers (and its generator) are left out.
            var text = File.ReadAllLines(project).Where(line => !line.Contains("<Analyzer Include=", StringComparison.Ordinal));
            File.WriteAllLines(project, text);
        }

        Toolchain.Restore(project);
        var result = await EditSession.Measure(server, directory, size, analyzersOn, options);
        rows.Add(FormattableString.Invariant(
            $"| {size:N0} | {(analyzersOn ? "on" : "off")} | {result.BreakMedianMs:F0} | {result.FixMedianMs:F0} | {result.MedianMs:F0} | {result.FirstMs:F0} | {result.PeakMiB:F0} |"));
        Console.Error.WriteLine(rows[^1]);
    }
}

Console.WriteLine($"Medians of {options.Edits} measured edits (each: break a Parent, then fix it) after {options.Warmup} warm-up edits; ms from didChange to the pull diagnostics that show (or clear) MC1002.");
Console.WriteLine();
Console.WriteLine("| Migrations | MigrationChain analyzers | break (ms) | fix (ms) | all edits (ms) | first edit after load (ms) | server peak RSS (MiB) |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(row);
}

return 0;

/// <summary>Command-line options of the live-analysis benchmark.</summary>
internal sealed record LiveOptions(IReadOnlyList<int> Sizes, int Edits, int Warmup, string? Server, string WorkDirectory)
{
    public static LiveOptions Parse(string[] args)
    {
        IReadOnlyList<int> sizes = new[] { 1_000, 10_000 };
        var edits = 10;
        var warmup = 5;
        string? server = null;
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
                default: throw new ArgumentException($"Unknown option {args[i]}; use --sizes a,b, --edits N, --warmup N, --server PATH, --work DIR.");
            }
        }

        return new LiveOptions(sizes, edits, warmup, server, work);
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
