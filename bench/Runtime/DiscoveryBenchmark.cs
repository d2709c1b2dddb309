using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using MigrationChain.Discovery;
using MigrationChain.Manifest;

namespace MigrationChain.Benchmarks;

/// <summary>
/// Discovery + validation of a chain of N migration classes in process (issue 13: at 10,000, at most 100 ms cold and
/// 10 ms warm), for an assembly with a format-2 chain manifest (what the generator writes) and, in the same run, one
/// without (scanned, as an older generator's output or no generator is): the first <c>MigrationCatalog.Load</c> of
/// the process (JIT and reflection caches cold; the classes are emitted at run time, so their types are already
/// loaded, unlike an application's first start) for the path named, then the median of 11 more full loads of each
/// (warm: every one discovers and validates again), the same after two seconds of loads (steady: tiering settled), and the process-wide cache's answer, which is what a second
/// runner pays. Baseline: indexing the revision ids in a dictionary.
///   dotnet run -c Release --project bench/Runtime -- discover [migrations=10000] [manifest|string|scan|phases|paired] [jit]
/// The format-2 manifest is read from an assembly file (in place, as an application's); <c>string</c> times the first
/// load of the same chain emitted in memory instead (the manifest read through reflection as a string); <c>paired</c>
/// alternates the two warm. With <c>phases</c> in place of manifest|scan, the first run of each step is timed instead. With <c>jit</c>, the first load is not timed: the methods it JIT-compiles are listed by declaring type instead.
/// </summary>
internal static class DiscoveryBenchmark
{
    public static void Run(int count, string first, bool listJit = false)
    {
        // As an application loads it (from its file: the manifest is read in place from the metadata), and the same
        // chain emitted in memory (the manifest read through reflection, as a string: the path before in-place reading).
        var folder = System.IO.Directory.CreateTempSubdirectory("mc-discover").FullName;
        var withManifest = new[] { GeneratedChain.CreateOnDisk(count, typeof(SqliteBenchMigration), folder) };
        var inMemory = new[] { GeneratedChain.Create(count, typeof(SqliteBenchMigration), manifest: true)[0].Assembly };
        var scanned = new[] { GeneratedChain.Create(count, typeof(SqliteBenchMigration))[0].Assembly };
        if (first == "phases")
        {
            // Each step's first run in this process, in the order a load runs them (later steps find earlier ones'
            // code compiled, as within one load).
            var assembly = withManifest[0];
            var clock0 = Stopwatch.StartNew();
            var text = assembly.GetCustomAttribute<MigrationChainManifestAttribute>()!.Manifest;
            var readAt = clock0.Elapsed;
            ChainManifest.Parse(text);
            var parseAt = clock0.Elapsed;
            var found = MigrationTypeSource.Definitions(withManifest);
            var definitionsAt = clock0.Elapsed;
            var graph = RevisionGraph.Build(found.Select(d => d.Info).ToArray());
            var graphAt = clock0.Elapsed;
            ChainValidator.Validate(graph);
            var rulesAt = clock0.Elapsed;
            MigrationCatalog.FromDefinitions(found);
            var catalogAt = clock0.Elapsed;
            Console.WriteLine($"  of which (first runs, ms): graph {(graphAt - definitionsAt).TotalMilliseconds:0.0}, rules {(rulesAt - graphAt).TotalMilliseconds:0.0}, the catalog's own graph + rules + index again {(catalogAt - rulesAt).TotalMilliseconds:0.0}");
            Console.WriteLine($"First run of each step (ms): read the attribute {readAt.TotalMilliseconds:0.0}, parse {(parseAt - readAt).TotalMilliseconds:0.0}, " +
                $"definitions (read + parse again + rows) {(definitionsAt - parseAt).TotalMilliseconds:0.0}, graph + rules + index {(catalogAt - definitionsAt).TotalMilliseconds:0.0}");
            return;
        }

        if (first == "paired")
        {
            Paired(withManifest, inMemory);
            return;
        }

        if (listJit)
        {
            JitListing.Print(JitListing.During(() => MigrationCatalog.Load(first == "scan" ? scanned : withManifest)));
            return;
        }

        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var clock = Stopwatch.StartNew();
        var catalog = MigrationCatalog.Load(first == "scan" ? scanned : first == "string" ? inMemory : withManifest);
        var cold = clock.Elapsed;
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore;
        if (catalog.Graph.Count != count)
        {
            throw new InvalidOperationException("the benchmark chain should load whole");
        }

        var warm = Measure.Median(11, () => MigrationCatalog.Load(withManifest));
        var warmInMemory = Measure.Median(11, () => MigrationCatalog.Load(inMemory));
        var warmScan = Measure.Median(11, () => MigrationCatalog.Load(scanned));
        // Steady state: the 11 loads above follow the first one closely, while tiered compilation is still promoting
        // the per-row methods (their first calls run unoptimised code, or a ReadyToRun image's, until the runtime's
        // call counting and background recompilation catch up). An application that rediscovers repeatedly runs in
        // this state; both numbers are reported so neither hides the other.
        for (var settle = Stopwatch.StartNew(); settle.Elapsed < TimeSpan.FromSeconds(2);)
        {
            MigrationCatalog.Load(withManifest);
        }

        var steady = Measure.Median(11, () => MigrationCatalog.Load(withManifest));
        MigrationCatalogCache.Load(withManifest);
        var cached = Measure.Median(101, () => MigrationCatalogCache.Load(withManifest));
        var ids = Enumerable.Range(1, count).Select(GeneratedChain.Revision).ToList();
        var baseline = Measure.Median(11, () => ids.ToDictionary(i => i, StringComparer.Ordinal));
        Console.WriteLine($"Discovery + validation of {count:N0} migrations, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| Measurement | Median | Baseline (same run) | Ratio | Target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| First load of the process, {(first == "scan" ? "scanned" : first == "string" ? "format-2 manifest read as a string (emitted in memory)" : "format-2 manifest")} (one sample; {jitted} methods JIT-compiled) | {Measure.Ms(cold)} | | | <= 100 ms |");
        Measure.Report("Load again, format-2 manifest, full (discover + validate), warm (the 11 loads after the first)", warm, baseline, "index ids in a Dictionary", "<= 10 ms");
        Measure.Report("Load again, format-2 manifest, full, steady (after 2 s of loads: tiered compilation settled)", steady, baseline, "index ids in a Dictionary", "<= 10 ms");
        Measure.Report("Load again, format-2 manifest of an assembly emitted in memory (read as a string), warm", warmInMemory, baseline, "index ids in a Dictionary", "");
        Measure.Report("Load again, no manifest (scan), full, warm", warmScan, baseline, "index ids in a Dictionary", "");
        Measure.Report("Load again through the process-wide cache", cached, baseline, "index ids in a Dictionary", "");
        Console.WriteLine();
        // Process CPU time, not wall time: on a machine shared with other work it is what this load itself cost.
        var cpuManifest = Cpu(20, () => MigrationCatalog.Load(withManifest));
        var (allocated, pause) = Memory(20, () => MigrationCatalog.Load(withManifest));
        var cpuInMemory = Cpu(20, () => MigrationCatalog.Load(inMemory));
        var (allocatedInMemory, pauseInMemory) = Memory(20, () => MigrationCatalog.Load(inMemory));
        Console.WriteLine($"Per warm full load of the manifest (mean of 20): {allocated / 1024:N0} KB allocated, GC pauses {pause.TotalMilliseconds:0.00} ms; " +
            $"emitted in memory (read as a string): {allocatedInMemory / 1024:N0} KB, GC pauses {pauseInMemory.TotalMilliseconds:0.00} ms");
        var cpuScan = Cpu(20, () => MigrationCatalog.Load(scanned));
        Console.WriteLine($"CPU per warm full load (mean of 20): format-2 manifest {Measure.Ms(cpuManifest)}, in memory {Measure.Ms(cpuInMemory)}, scan {Measure.Ms(cpuScan)}");
        Console.WriteLine($"Where a warm full load of the manifest goes (CPU ms, mean of 20 each): {Breakdown(withManifest[0])}");
    }

    // The two reading paths alternately (in turn first), 41 loads each after a warm-up, so both see the same machine: per load the
    // wall time, the collections it caused (by generation) and the time the process was paused for them.
    private static void Paired(Assembly[] inPlace, Assembly[] inMemory)
    {
        Measure.WarmUp(() => { MigrationCatalog.Load(inPlace); MigrationCatalog.Load(inMemory); });
        var sides = new[] { (Name: "read in place (assembly file)", Assemblies: inPlace), (Name: "read as a string (emitted in memory)", Assemblies: inMemory) };
        var wall = new[] { new System.Collections.Generic.List<TimeSpan>(), new System.Collections.Generic.List<TimeSpan>() };
        var pause = new TimeSpan[2];
        var collections = new int[2, 3];
        var ratios = new System.Collections.Generic.List<double>();
        for (var round = 0; round < 41; round++)
        {
            // Each side goes first in every other round: a collection the other side's garbage makes due falls on both.
            for (var turn = 0; turn < 2; turn++)
            {
                var side = (turn + round) % 2;
                var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
                var clock = Stopwatch.StartNew();
                MigrationCatalog.Load(sides[side].Assemblies);
                wall[side].Add(clock.Elapsed);
                pause[side] += GC.GetTotalPauseDuration() - paused;
                collections[side, 0] += GC.CollectionCount(0) - gen0;
                collections[side, 1] += GC.CollectionCount(1) - gen1;
                collections[side, 2] += GC.CollectionCount(2) - gen2;
            }

            ratios.Add(wall[0][round].TotalMilliseconds / wall[1][round].TotalMilliseconds);
        }

        Console.WriteLine("| Warm full load of 10,000 (41 paired rounds) | Median wall | GC pause per load | Collections per load (gen0/gen1/gen2) |");
        Console.WriteLine("|---|---|---|---|");
        for (var side = 0; side < 2; side++)
        {
            Console.WriteLine($"| {sides[side].Name} | {Measure.Ms(Measure.Median(wall[side]))} | {(pause[side] / 41).TotalMilliseconds:0.00} ms | " +
                $"{collections[side, 0] / 41.0:0.00} / {collections[side, 1] / 41.0:0.00} / {collections[side, 2] / 41.0:0.00} |");
        }

        Console.WriteLine($"Median per-round ratio, in place / as a string: {Measure.Median(ratios):0.00}x");

        // Each path alone, as an application has only one: the collections its own garbage brings.
        foreach (var (name, assemblies) in sides)
        {
            GC.Collect();
            var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            var alone = Measure.Median(41, () => MigrationCatalog.Load(assemblies));
            Console.WriteLine($"{name}, 41 loads alone: median {Measure.Ms(alone)}, GC pause per load {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds / 41:0.00} ms, " +
                $"collections per load {(GC.CollectionCount(0) - gen0) / 41.0:0.00} / {(GC.CollectionCount(1) - gen1) / 41.0:0.00} / {(GC.CollectionCount(2) - gen2) / 41.0:0.00}");
        }
    }

    // Bytes allocated by this thread and time the process spent paused for collections, per run.
    private static (long Bytes, TimeSpan Pause) Memory(int runs, Action action)
    {
        // From a collected heap, so what an earlier measurement left (the scan's garbage) is not charged to this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var pause = GC.GetTotalPauseDuration();
        for (var i = 0; i < runs; i++)
        {
            action();
        }

        return ((GC.GetAllocatedBytesForCurrentThread() - bytes) / runs, (GC.GetTotalPauseDuration() - pause) / runs);
    }

    private static TimeSpan Cpu(int runs, Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        action();
        process.Refresh();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < runs; i++)
        {
            action();
        }

        process.Refresh();
        return (process.TotalProcessorTime - before) / runs;
    }

    // The steps of MigrationCatalog.Load on a format-2 manifest, warm.
    private static string Breakdown(Assembly assembly)
    {
        string text = string.Empty;
        System.Collections.Generic.List<MigrationDefinition> definitions = new();
        var read = Cpu(20, () => text = assembly.GetCustomAttribute<MigrationChainManifestAttribute>()!.Manifest);
        var parse = Cpu(20, () => ChainManifest.Parse(text));
        var inPlace = Cpu(20, () => ChainManifest.Of(assembly));
        var discover = Cpu(20, () => definitions = MigrationTypeSource.Definitions(new[] { assembly }));
        var graph = Cpu(20, () => RevisionGraph.Build(definitions.Select(d => d.Info)));
        var validate = Cpu(20, () => MigrationCatalog.FromDefinitions(definitions));
        var gcBefore = GC.CollectionCount(0);
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var parseWall = Measure.Median(21, () => ChainManifest.Parse(text));
        var perParse = (GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / 21;
        Console.WriteLine($"parse: wall median {Measure.Ms(parseWall)}, {perParse / 1024} KB allocated and {(GC.CollectionCount(0) - gcBefore) / 21.0:0.0} gen0 collections per parse");
        bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var inPlaceWall = Measure.Median(21, () => ChainManifest.Of(assembly));
        Console.WriteLine($"read in place from the metadata + parse: wall median {Measure.Ms(inPlaceWall)}, {(GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / 21 / 1024} KB allocated per read");
        var diagnostics = Cpu(20, () => ChainValidator.Validate(RevisionGraph.Build(definitions.Select(d => d.Info))));
        Console.WriteLine($"KB allocated per step: read in place + parse {Memory(5, () => ChainManifest.Of(assembly)).Bytes / 1024:N0}, " +
            $"definitions {Memory(5, () => MigrationTypeSource.Definitions(new[] { assembly })).Bytes / 1024:N0}, " +
            $"graph {Memory(5, () => RevisionGraph.Build(definitions.Select(d => d.Info))).Bytes / 1024:N0}, " +
            $"graph + rules {Memory(5, () => ChainValidator.Validate(RevisionGraph.Build(definitions.Select(d => d.Info)))).Bytes / 1024:N0}, " +
            $"graph + rules + index {Memory(5, () => MigrationCatalog.FromDefinitions(definitions)).Bytes / 1024:N0}");
        return $"graph + rules {diagnostics.TotalMilliseconds:0.0}, read the attribute {read.TotalMilliseconds:0.0}, parse the text {parse.TotalMilliseconds:0.0}, read in place + parse {inPlace.TotalMilliseconds:0.0}, " +
            $"definitions (read + parse + rows) {discover.TotalMilliseconds:0.0}, graph {graph.TotalMilliseconds:0.0}, " +
            $"graph + validate + index {validate.TotalMilliseconds:0.0}";
    }
}
