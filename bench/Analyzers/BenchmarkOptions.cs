using System.Globalization;

namespace MigrationChain.Benchmarks.Analyzers;

/// <summary>Command-line options: how many measured builds per size, which sizes, and where to write the projects.</summary>
internal sealed record BenchmarkOptions(int Runs, IReadOnlyList<int> Sizes, string WorkDirectory, string? Baseline = null, bool ReadyToRun = false)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var runs = 5;
        IReadOnlyList<int> sizes = new[] { 1_000, 10_000 };
        var work = Path.Combine(RepositoryRoot.Find(), "artifacts", "bench-analyzers");
        string? baseline = null;
        var readyToRun = false;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--readytorun":
                    // --readytorun true: measure the ReadyToRun image the package ships (this machine's RID), with the IL
                    // build as the baseline, or with --baseline's assembly (another build's image: paired iterations).
                    readyToRun = bool.Parse(args[i + 1]);
                    break;
                case "--runs":
                    runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--sizes":
                    sizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--work":
                    work = Path.GetFullPath(args[i + 1]);
                    break;
                case "--baseline":
                    // Another build of MigrationChain.Analyzers.dll (e.g. of main), measured in the same run, alternating.
                    baseline = Path.GetFullPath(args[i + 1]);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; use --runs N, --sizes a,b, --work DIR, --baseline ANALYZER-DLL, --readytorun true.");
            }
        }

        return new BenchmarkOptions(runs, sizes, work, baseline, readyToRun);
    }
}

/// <summary>The repository root: the folder holding Analyzers.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository (Analyzers.sln not found above it).");
    }
}
