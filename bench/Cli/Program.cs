using System.Globalization;
using MigrationChain.Cli.Benchmarks;

// mchain's start-to-exit time on an already-built application with 1,000 migrations, next to a bare start of that
// application measured in the same run. Usage: dotnet run -c Release --project bench/Cli [-- --runs N]
//   dotnet run -c Release --project bench/Cli -- --startup [migrations=1000] [pairs=20] [--r2r]   (app start + no-op, issue 13;
//   --r2r adds the same app with ReadyToRun images of our assemblies, and published whole with ReadyToRun)
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "--startup")
{
    var startBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
    StartupBenchmark.Run(
        RepositoryRoot(startBin),
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20,
        readyToRun: args.Contains("--r2r"),
        also: OptionText("--also"));
    return;
}

// --runs N (10), --migrations N (1,000), --heads-history: only the bare start, `heads` and `history` (issue 13's
// 10,000-revision target: dotnet run -c Release --project bench/Cli -- --migrations 10000 --heads-history --runs 5).
var runs = Option("--runs", 10);
var Migrations = Option("--migrations", 1_000);
var headsHistoryOnly = args.Contains("--heads-history");

var binFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
var configuration = binFolder.Parent!.Name;
var repositoryRoot = RepositoryRoot(binFolder);
var tool = Path.Combine(repositoryRoot, "src", "Cli", "bin", configuration, "net8.0", "mchain.dll");
// --keep FOLDER: generate and build the application there once and keep it, so later runs (and a profiler) reuse it.
var kept = OptionText("--keep");
var root = kept is null ? Path.Combine(Path.GetTempPath(), "mc-cli-bench-" + Guid.NewGuid().ToString("N")) : Path.GetFullPath(kept);
try
{
    var app = Path.Combine(root, "App", "bin", "Release", "net10.0", "App.dll");
    if (kept is null || !File.Exists(app))
    {
        var project = GeneratedApp.Write(root, repositoryRoot, configuration, Migrations);
        Console.WriteLine($"Building a console application with {Migrations:N0} migrations (dotnet build -c Release)...");
        Timing.Run(root, new[] { "build", project, "-c", "Release", "-nr:false", "-v:q", "-nologo" });
    }

    // Alternate nothing: each row runs its N in a row, the baseline first and last, so drift over the run shows.
    var timings = headsHistoryOnly
        ? new List<Timing>
        {
            Timing.Of("Baseline: dotnet App.dll (the application starts and exits)", runs, 2, root, app),
            Timing.Of($"mchain heads --assembly App.dll ({Migrations:N0} migrations)", runs, 2, root, tool, "heads", "--assembly", app),
            Timing.Of($"mchain history --assembly App.dll ({Migrations:N0} migrations)", runs, 2, root, tool, "history", "--assembly", app),
            Timing.Of("Baseline again: dotnet App.dll", runs, 2, root, app),
        }
        : new List<Timing>
    {
        Timing.Of("Baseline: dotnet App.dll (the application starts and exits)", runs, 2, root, app),
        Timing.Of("Baseline: dotnet mchain.dll --version (the tool starts and exits)", runs, 2, root, tool, "--version"),
        Timing.Of($"mchain check --assembly App.dll ({Migrations:N0} migrations)", runs, 2, root, tool, "check", "--assembly", app),
        Timing.Of($"mchain check --no-build --project App ({Migrations:N0} migrations; output path remembered in obj/)", runs, 2, root, tool, "check", "--no-build", "-c", "Release", "--project", "App"),
        Timing.Of($"mchain check --no-build --project App ({Migrations:N0} migrations; nothing remembered: MSBuild evaluates the project)", runs, 2, root, ForgetOutputPath, tool, "check", "--no-build", "-c", "Release", "--project", "App"),
        Timing.Of($"mchain history --assembly App.dll ({Migrations:N0} migrations)", runs, 2, root, tool, "history", "--assembly", app),
        Timing.Of("Baseline again: dotnet App.dll", runs, 2, root, app),
    };

    Console.WriteLine();
    Console.WriteLine($"Whole process, wall time (ms), {Environment.ProcessorCount} cores, .NET {Environment.Version}:");
    Console.WriteLine();
    Console.WriteLine("| Command | Median | Min | Max | CPU (user + sys, median) | Runs |");
    Console.WriteLine("|---|---|---|---|---|---|");
    timings.ForEach(t => Console.WriteLine(t.Row()));
}
finally
{
    if (kept is null)
    {
        Directory.Delete(root, recursive: true);
    }
}

void ForgetOutputPath()
{
    foreach (var remembered in Directory.GetFiles(Path.Combine(root, "App", "obj"), "mchain.*.output"))
    {
        File.Delete(remembered);
    }
}

static string RepositoryRoot(DirectoryInfo start)
{
    for (var directory = start; directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from the repository (no Analyzers.sln above " + start.FullName + ").");
}

int Option(string name, int fallback) =>
    OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
