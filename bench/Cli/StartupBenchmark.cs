using System.Text;

namespace MigrationChain.Cli.Benchmarks;

/// <summary>
/// Issue 13's start target: a user's application (framework-dependent, Release, built with the analyzers' generator
/// so it carries the chain manifest) that starts, runs a no-op <c>UpgradeHead()</c> on a SQLite database at head and
/// exits, against a raw program that opens the same database and reads one row. Both are generated under
/// bench/Cli/obj/startup-N (inside the repository, so the central package versions apply) and built once; the starts
/// are interleaved, alternating which goes first, and the ratio is taken per pair.
///   dotnet run -c Release --project bench/Cli -- --startup [migrations=1000] [pairs=20] [--r2r] [--also OTHER/App.dll]
/// The app also answers <c>phases</c>: Stopwatch checkpoints inside one start (runtime start to Main, runner built,
/// first no-op done, and how many methods each step JIT-compiled), to see where the time goes.
/// </summary>
internal static class StartupBenchmark
{
    public static void Run(string repositoryRoot, int migrations, int pairs, bool readyToRun = false, string? also = null)
    {
        var root = Path.Combine(repositoryRoot, "bench", "Cli", "obj", $"startup-{migrations}");
        var app = Build(root, "App", AppProject(repositoryRoot), AppProgram, Migrations(migrations));
        var raw = Build(root, "Raw", RawProject, RawProgram, Array.Empty<(string, string)>());
        var database = Path.Combine(root, "at-head.db");
        File.Delete(database);
        Timing.Run(root, new[] { app, "runner", database });   // creates the database and brings it to head

        // The processes timed side by side: the raw program first (the baseline of every ratio), then the app as
        // built (IL only, what a framework-dependent consumer of the packages runs today), and with --r2r the same
        // app with ReadyToRun images of MigrationChain.Runtime and MigrationChain.Rules compiled for this runtime
        // (what shipping such images in the packages would give it), and the app published whole with ReadyToRun.
        var processes = new List<(string Name, string Dll)>
        {
            ("Raw: open the database, read one row", raw),
            ("MigrationChain: ForSqlite(...).UpgradeHead() at head", app),
        };
        if (readyToRun)
        {
            var (ours, whole) = ReadyToRunVariants(root, app);
            processes.Add(("same, with ReadyToRun images of MigrationChain.Runtime + Rules (.NET 10)", ours));
            processes.Add(("same, the whole app published with PublishReadyToRun", whole));
        }

        if (also is not null)
        {
            // Another build of the same app (e.g. one made from an earlier commit), timed in the same rounds.
            processes.Add(($"--also {also}", Path.GetFullPath(also)));
        }

        for (var i = 0; i < 3; i++)
        {
            processes.ForEach(p => Timing.Run(root, Arguments(p.Dll, p.Dll == raw, database)));
        }

        if (pairs == 0)
        {
            // Diagnosis only: the checkpoints of a few starts.
            for (var i = 0; i < 8; i++)
            {
                Console.WriteLine(Output(root, app, "phases", database));
            }

            return;
        }

        // Rounds: each process once per round, the order rotated round by round; ratios are taken within a round.
        // CPU time (user + system, of the exited child) is recorded beside the wall time: on a loaded machine the
        // wall time mostly measures waiting for a core, the CPU time what the start itself costs.
        var samples = processes.Select(_ => new List<double>()).ToList();
        var cpu = processes.Select(_ => new List<double>()).ToList();
        for (var round = 0; round < pairs; round++)
        {
            for (var k = 0; k < processes.Count; k++)
            {
                var index = (k + round) % processes.Count;
                var cpuBefore = ChildCpu.Milliseconds();
                samples[index].Add(Timing.Run(root, Arguments(processes[index].Dll, processes[index].Dll == raw, database)));
                cpu[index].Add(ChildCpu.Milliseconds() - cpuBefore);
            }
        }

        Console.WriteLine($"Start + no-op UpgradeHead(), whole process, {migrations:N0} migrations, {pairs} interleaved rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}:");
        Console.WriteLine();
        Console.WriteLine("| Process | Median ms | Min | Max | Ratio to raw per round (median, range) | CPU ms (median) | CPU ratio to raw per round | Methods JIT-compiled: catalog / runner + no-op |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var k = 0; k < processes.Count; k++)
        {
            var ratios = samples[k].Zip(samples[0], (a, b) => a / b).ToList();
            var cpuRatios = cpu[k].Zip(cpu[0], (a, b) => a / b).ToList();
            var jit = k == 0 ? string.Empty : JitCounts(Output(root, processes[k].Dll, "phases", database));
            Console.WriteLine($"| {processes[k].Name} | {Median(samples[k]):F0} | {samples[k].Min():F0} | {samples[k].Max():F0} | {Median(ratios):F2}x ({ratios.Min():F2}-{ratios.Max():F2}x) | {Median(cpu[k]):F0} | {Median(cpuRatios):F2}x | {jit} |");
        }

        Console.WriteLine();
        Console.WriteLine("Inside one start (ms since the process started; the last three runs):");
        for (var i = 0; i < 3; i++)
        {
            Console.WriteLine("  " + Output(root, app, "phases", database));
        }
    }

    private static string[] Arguments(string dll, bool isRaw, string database) =>
        isRaw ? new[] { dll, database } : new[] { dll, "runner", database };

    private static string JitCounts(string phases)
    {
        var counts = System.Text.RegularExpressions.Regex.Matches(phases, @"\((\d+) (?:methods JIT-compiled|JIT)\)");
        return counts.Count == 2 ? $"{counts[0].Groups[1].Value} / {counts[1].Groups[1].Value}" : "?";
    }

    /// <summary>
    /// Publishes the app for this machine's RID with ReadyToRun (the SDK's crossgen2 for the app's .NET 10 target
    /// compiles every assembly, ours included, whatever framework they were built for), then makes a copy of the
    /// IL-only app with just MigrationChain.Runtime.dll and MigrationChain.Rules.dll replaced by those images.
    /// </summary>
    private static (string Ours, string Whole) ReadyToRunVariants(string root, string app)
    {
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var published = Path.Combine(root, "AppReadyToRun");
        Console.Error.WriteLine($"publishing App with ReadyToRun for {rid}...");
        Timing.Run(root, new[] { "publish", Path.Combine(root, "App", "App.csproj"), "-c", "Release", "-r", rid, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", published, "-nr:false", "-v:q", "-nologo" });
        var ours = Path.Combine(root, "AppOursReadyToRun");
        if (Directory.Exists(ours))
        {
            Directory.Delete(ours, recursive: true);
        }

        Directory.CreateDirectory(ours);
        var built = Path.GetDirectoryName(app)!;
        foreach (var file in Directory.GetFiles(built))
        {
            File.Copy(file, Path.Combine(ours, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(built, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(built, ours, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(built, "*", SearchOption.AllDirectories).Where(f => Path.GetDirectoryName(f) != built))
        {
            File.Copy(file, file.Replace(built, ours, StringComparison.Ordinal));
        }

        foreach (var assembly in new[] { "MigrationChain.Runtime.dll", "MigrationChain.Rules.dll" })
        {
            File.Copy(Path.Combine(published, assembly), Path.Combine(ours, assembly), overwrite: true);
        }

        return (Path.Combine(ours, "App.dll"), Path.Combine(published, "App.dll"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Output(string root, string dll, string mode, string database)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(mode);
        info.ArgumentList.Add(database);
        using var process = System.Diagnostics.Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text;
    }

    private static string Build(string root, string name, string project, string program, IEnumerable<(string Path, string Content)> files)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        foreach (var (path, content) in files.Append(($"{name}.csproj", project)).Append(("Program.cs", program)))
        {
            var file = Path.Combine(folder, path);
            if (!File.Exists(file) || File.ReadAllText(file) != content)
            {
                File.WriteAllText(file, content);
            }
        }

        Console.Error.WriteLine($"building {name} (dotnet build -c Release)...");
        Timing.Run(folder, new[] { "build", Path.Combine(folder, $"{name}.csproj"), "-c", "Release", "-nr:false", "-v:q", "-nologo" });
        return Path.Combine(folder, "bin", "Release", "net10.0", $"{name}.dll");
    }

    private static string AppProject(string repositoryRoot) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <InvariantGlobalization>true</InvariantGlobalization>
            <NoWarn>$(NoWarn);MC2001;MC3002;CS1591</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{repositoryRoot}/src/Runtime/MigrationChain.Runtime.csproj" />
            <ProjectReference Include="{repositoryRoot}/src/Analyzers/MigrationChain.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
        </Project>
        """;

    private const string RawProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <InvariantGlobalization>true</InvariantGlobalization>
          </PropertyGroup>
          <ItemGroup><PackageReference Include="Microsoft.Data.Sqlite" /></ItemGroup>
        </Project>
        """;

    private const string RawProgram = """
        using Microsoft.Data.Sqlite;

        using var connection = new SqliteConnection($"Data Source={args[0]}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master LIMIT 1";
        command.ExecuteScalar();
        """;

    // "phases": the raw program's work first (so the driver's own start is not counted as ours), then the chain's
    // discovery and validation alone (the runtime's internal cache, reached by reflection: a diagnostic, not an
    // API), then the runner and its no-op.
    private const string AppProgram = """
        using System.Diagnostics;
        using System.Reflection;
        using Microsoft.Data.Sqlite;
        using MigrationChain;

        var connectionString = $"Data Source={args[1]}";
        if (args[0] == "runner")
        {
            MigrationRunner.ForSqlite(connectionString, typeof(Program).Assembly).UpgradeHead();
            return;
        }

        var sinceStart = () => (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        var atMain = sinceStart();
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master LIMIT 1";
            command.ExecuteScalar();
        }

        var raw = sinceStart();
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var cache = typeof(MigrationRunner).Assembly.GetType("MigrationChain.Discovery.MigrationCatalogCache")!;
        cache.GetMethod("Load", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { new[] { typeof(Program).Assembly } });
        var catalog = sinceStart();
        var catalogJit = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted;
        var runner = MigrationRunner.ForSqlite(connectionString, typeof(Program).Assembly);
        var result = runner.UpgradeHead();
        var done = sinceStart();
        var runnerJit = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted - catalogJit;
        Console.WriteLine(FormattableString.Invariant($"Main {atMain:F0}, raw open + read {raw - atMain:F0}, catalog {catalog - raw:F0} ({catalogJit} methods JIT-compiled), runner + no-op {done - catalog:F0} ({runnerJit} JIT), total {done:F0} (up to date: {result.WasUpToDate})"));

        public partial class Program;
        """;

    private static IEnumerable<(string Path, string Content)> Migrations(int count)
    {
        var source = new StringBuilder("using MigrationChain;\n\n");
        for (var i = 1; i <= count; i++)
        {
            var parent = i == 1 ? string.Empty : $", Parent = \"m{i - 1:D5}\"";
            source.Append($"[Migration(\"m{i:D5}\"{parent})]\n")
                .Append($"public sealed class M{i:D5} : Migration\n{{\n")
                .Append($"    public override void Upgrade(MigrationBuilder m) {{ m.Sql(\"CREATE TABLE t_{i} (id integer primary key, v text)\"); m.Sql(\"CREATE INDEX ix_{i} ON t_{i}(v)\"); }}\n")
                .Append($"    public override void Downgrade(MigrationBuilder m) => m.Sql(\"DROP TABLE IF EXISTS t_{i}\");\n}}\n\n");
        }

        yield return ("Migrations.cs", source.ToString());
    }
}
