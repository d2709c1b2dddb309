using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MigrationChain.Build.Benchmarks;
using MigrationChain.Build.Checking;

// The MSBuild task's speed: its core work on 10,000 migrations against a baseline measured in the same run, and what
// it adds to a no-change incremental build. Usage: dotnet run -c Release --project bench/Build [-- --runs N]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
const int Migrations = 10_000;
const int Assemblies = 4;

var root = Path.Combine(Path.GetTempPath(), "mc-bench-" + Guid.NewGuid().ToString("N"));
try
{
    Console.WriteLine($"Compiling {Migrations:N0} migrations into {Assemblies} assemblies, twice (with and without the generator's manifest)...");
    var generated = AssemblySet.Compile(Path.Combine(root, "generated"), Migrations, Assemblies, withSourceAttributes: true);
    var plain = AssemblySet.Compile(Path.Combine(root, "plain"), Migrations, Assemblies, withSourceAttributes: false);

    var timings = new List<Timing>
    {
        Timing.Of("Baseline: open the metadata readers", runs, 3, () => OpenReaders(generated, walkAttributes: false)),
        Timing.Of("Baseline: open them and visit every type's custom attributes (no decoding)", runs, 3, () => OpenReaders(generated, walkAttributes: true)),
        Timing.Of("Task, generator manifest, local build (lock up to date)", runs, 3, Check(generated, verify: false)),
        Timing.Of("Task, generator manifest, CI build (lock verified)", runs, 3, Check(generated, verify: true)),
        Timing.Of("Task, no generator (IL checksums), local build (lock up to date)", runs, 3, Check(plain, verify: false)),
    };

    Console.WriteLine();
    Console.WriteLine($"Task core on {Migrations:N0} migrations in {Assemblies} assemblies (ms):");
    Console.WriteLine();
    Console.WriteLine("| Work | Median | Min | Max | Runs |");
    Console.WriteLine("|---|---|---|---|---|");
    timings.ForEach(t => Console.WriteLine(t.Row()));

    Console.WriteLine();
    Console.WriteLine("Building a consumer that references the set (dotnet build -nr:false)...");
    var build = new IncrementalBuild(Path.Combine(root, "consumer"), RepositoryRoot(), generated);
    var first = build.Build(enabled: true, restore: true);
    Console.WriteLine($"First build: {first.WallMilliseconds:F0} ms wall, {first.TargetMilliseconds:F0} ms in the MigrationChain targets (the task checking {Migrations:N0} migrations and writing the lock).");
    if (!File.Exists(build.LockFile))
    {
        throw new InvalidOperationException("The first build wrote no migrations.lock:\n" + first.Output);
    }

    build.Build(enabled: false);
    var wallOn = new List<double>();
    var wallOff = new List<double>();
    var targetsOn = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        // Alternate which goes first, so drift on the machine lands on both sides.
        foreach (var enabled in i % 2 == 0 ? new[] { true, false } : new[] { false, true })
        {
            var (wall, targets, output) = build.Build(enabled);
            if (enabled && !output.Contains("MigrationChainCheck", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The enabled build did not reach the MigrationChainCheck target:\n" + output);
            }

            (enabled ? wallOn : wallOff).Add(wall);
            if (enabled)
            {
                targetsOn.Add(targets);
            }
        }
    }

    var on = Timing.FromSamples("No-change build, MigrationChainEnabled=true (wall)", wallOn);
    var off = Timing.FromSamples("No-change build, MigrationChainEnabled=false (wall)", wallOff);
    var inTargets = Timing.FromSamples("MigrationChain targets in the no-change build (MSBuild's target summary)", targetsOn);
    Console.WriteLine();
    Console.WriteLine("| Work | Median | Min | Max | Runs |");
    Console.WriteLine("|---|---|---|---|---|");
    Console.WriteLine(on.Row());
    Console.WriteLine(off.Row());
    Console.WriteLine(inTargets.Row());
    Console.WriteLine();
    Console.WriteLine($"Added by the task to a no-change build: {on.Median - off.Median:F1} ms (difference of wall-clock medians), {inTargets.Median:F1} ms (its targets' own time).");
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
        Console.Error.WriteLine($"Could not delete {root}.");
    }
}

static void OpenReaders(AssemblySet set, bool walkAttributes)
{
    var seen = 0;
    foreach (var path in set.Paths)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        foreach (var type in reader.TypeDefinitions)
        {
            seen++;
            if (walkAttributes)
            {
                foreach (var attribute in reader.GetTypeDefinition(type).GetCustomAttributes())
                {
                    seen += reader.GetCustomAttribute(attribute).Constructor.IsNil ? 0 : 1;
                }
            }
        }
    }

    if (seen < Migrations)
    {
        throw new InvalidOperationException($"Only {seen} types.");
    }
}

static Action Check(AssemblySet set, bool verify)
{
    var application = set.Paths[^1];
    var references = set.Paths.Take(set.Paths.Count - 1).ToList();
    var lockPath = Path.Combine(Path.GetDirectoryName(application)!, "migrations.lock");
    var locked = ChainCheck.Run(new ChainCheckRequest(application) { ReferencePaths = references, LockFilePath = lockPath }).LockTextToWrite;
    var kind = set.WithManifest ? " src:" : " il:";
    if (locked is null || locked.Split('\n').Count(l => l.Contains(kind, StringComparison.Ordinal)) != Migrations)
    {
        throw new InvalidOperationException($"The lock does not take every checksum from {(set.WithManifest ? "the manifest" : "the IL")}:\n{locked?[..Math.Min(locked.Length, 500)]}");
    }

    return () =>
    {
        var result = ChainCheck.Run(new ChainCheckRequest(application)
        {
            ReferencePaths = references,
            LockFilePath = lockPath,
            LockText = locked,
            VerifyLock = verify,
        });
        if (result.MigrationCount != Migrations || result.Diagnostics.Count > 0 || result.LockTextToWrite is not null)
        {
            throw new InvalidOperationException($"Unexpected result: {result.MigrationCount} migrations, {result.Diagnostics.Count} diagnostics.");
        }
    };
}

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository's build output.");
}
