using System.Diagnostics;
using System.Globalization;
using MigrationChain.Benchmarks.Peers.Apps;
using MigrationChain.Cli.Benchmarks;
using MigrationChain.Testing.Support;

namespace MigrationChain.Benchmarks.Peers;

/// <summary>
/// The whole-process start alone (issue 13's start target), without the apply and warm no-op scenarios:
///   dotnet run -c Release --project bench/Peers -- start sqlite|postgres [migrations=1000] [rounds=10] [base=SOURCE-TREE] [--r2r]
/// Builds the raw program, MigrationChain's app and DbUp's (the peer level with it), and with a fourth argument a
/// second MigrationChain app from another source tree (an earlier commit, exported with <c>git archive</c>), so a
/// change is measured before/after in the same rounds. Each tool applies to its own database once; then each round
/// starts every app once at head, the order rotated round by round, timing wall and CPU (user + system of the exited
/// child); ratios to the raw program are taken within a round. Last, one start of each reports how many methods it
/// JIT-compiled and how many assemblies it loaded (counts hold on a loaded machine where times do not). --r2r adds
/// MigrationChain's app with ReadyToRun images of MigrationChain.Runtime and .Rules, as the packages ship them.
/// </summary>
internal static class StartMode
{
    public static async Task<int> RunAsync(string[] args, string repository)
    {
        var dialect = args.Length > 1 && args[1] == "postgres" ? Dialect.Postgres : Dialect.Sqlite;
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        var readyToRun = args.Contains("--r2r");
        var rest = args.Where(a => a != "--r2r").ToArray();
        var baseTree = rest.Length > 4 ? Path.GetFullPath(rest[4]) : null;
        var apps = new List<PeerApp> { new RawApp(), new MigrationChainApp(), new DbUpApp() };
        if (baseTree is not null)
        {
            apps.Add(new MigrationChainApp("MigrationChainBase", baseTree));
        }

        var built = new Dictionary<string, string>();
        foreach (var app in apps)
        {
            built[app.Name] = await AppBuilder.BuildAsync(app, dialect, count, repository);
        }

        if (readyToRun)
        {
            // What a .NET 10 consumer of the packages runs: the IL app with MigrationChain.Runtime and .Rules replaced
            // by ReadyToRun images compiled for this runtime (the packages carry such images, src/ReadyToRunImages.targets).
            var name = "MigrationChainR2R";
            apps.Add(new MigrationChainApp(name));
            built[name] = await WithReadyToRunImagesAsync(built["MigrationChain"]);
        }

        await using var databases = await Databases.StartAsync(dialect);
        var atHead = new Dictionary<string, string>();
        foreach (var app in apps)
        {
            atHead[app.Name] = await databases.FreshAsync(app.Name);
            await Run(built[app.Name], "apply", atHead[app.Name]);
            await databases.RequireTablesAsync(atHead[app.Name], count, app.Name);
        }

        // Warm the file cache and the server for each app before timing.
        foreach (var app in apps)
        {
            await Run(built[app.Name], "start", atHead[app.Name]);
        }

        var wall = apps.ToDictionary(a => a.Name, _ => new List<double>());
        var cpu = apps.ToDictionary(a => a.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var app in apps.Skip(round % apps.Count).Concat(apps.Take(round % apps.Count)))
            {
                var cpuBefore = ChildCpu.Milliseconds();
                var clock = Stopwatch.StartNew();
                await Run(built[app.Name], "start", atHead[app.Name]);
                wall[app.Name].Add(clock.Elapsed.TotalMilliseconds);
                cpu[app.Name].Add(ChildCpu.Milliseconds() - cpuBefore);
            }
        }

        Console.WriteLine($"Start + no-op at head, whole process, {dialect}, {count:N0} migrations, {rounds} rotated rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}:");
        Console.WriteLine();
        Console.WriteLine("| Process | Wall median ms | Wall ratio to raw per round (median, range) | CPU median ms | CPU ratio to raw per round (median, range) | Methods JIT-compiled | Assemblies loaded |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var app in apps)
        {
            var ratios = wall[app.Name].Zip(wall["Raw"], (a, b) => a / b).ToList();
            var cpuRatios = cpu[app.Name].Zip(cpu["Raw"], (a, b) => a / b).ToList();
            var counts = (await Run(built[app.Name], "start", atHead[app.Name], counts: true)).Output
                .Split('\n').Single(l => l.StartsWith("COUNTS ", StringComparison.Ordinal)).Split(' ');
            Console.WriteLine(FormattableString.Invariant(
                $"| {app.Name} | {Results.Median(wall[app.Name]):F0} | {Results.Median(ratios):F2}x ({ratios.Min():F2}-{ratios.Max():F2}x) | {Results.Median(cpu[app.Name]):F0} | {Results.Median(cpuRatios):F2}x ({cpuRatios.Min():F2}-{cpuRatios.Max():F2}x) | {counts[1]} | {counts[2].Trim()} |"));
        }

        foreach (var app in apps)
        {
            await databases.RequireTablesAsync(atHead[app.Name], count, app.Name);
        }

        return 0;
    }

    internal static async Task<string> WithReadyToRunImagesAsync(string executable)
    {
        var folder = Path.GetDirectoryName(executable)!;
        var project = Path.GetFullPath(Path.Combine(folder, "..", "..", "..", Path.GetFileName(executable) + ".csproj"));
        var published = folder + "-r2r-publish";
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var publish = await ProcessRunner.RunAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", rid, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", published, "-nr:false", "-v:q"],
            Path.GetDirectoryName(project),
            new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1" },
            TimeSpan.FromMinutes(10));
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"Publishing {project} with ReadyToRun failed:\n{publish}");
        }

        var copy = folder + "-r2r-images";
        if (Directory.Exists(copy))
        {
            Directory.Delete(copy, recursive: true);
        }

        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        foreach (var assembly in new[] { "MigrationChain.Runtime.dll", "MigrationChain.Rules.dll" })
        {
            File.Copy(Path.Combine(published, assembly), Path.Combine(copy, assembly), overwrite: true);
        }

        return Path.Combine(copy, Path.GetFileName(executable));
    }

    private static async Task<ProcessResult> Run(string executable, string command, string database, bool counts = false)
    {
        var environment = counts ? new Dictionary<string, string?> { ["PEERS_COUNTS"] = "1" } : null;
        var result = await ProcessRunner.RunAsync(executable, [command, database], Path.GetDirectoryName(executable)!, environment, TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} {command} failed:\n{result}");
        }

        return result;
    }
}
