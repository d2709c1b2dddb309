using System;
using System.Diagnostics;
using System.Linq;
using MigrationChain.Discovery;

namespace MigrationChain.Benchmarks;

/// <summary>
/// Discovery + validation of a chain of N migration classes in process (issue 13: at 10,000, at most 100 ms cold and
/// 10 ms warm): the first <c>MigrationCatalog.Load</c> of the process (JIT and reflection caches cold; the classes are
/// emitted at run time, so their types are already loaded, unlike an application's first start), then the median of
/// 11 more full loads (warm: every one discovers and validates again), and the process-wide cache's answer for the
/// same set of assemblies, which is what a second runner pays. Baseline: indexing the revision ids in a dictionary.
///   dotnet run -c Release --project bench/Runtime -- discover [migrations=10000]
/// </summary>
internal static class DiscoveryBenchmark
{
    public static void Run(int count)
    {
        var chain = GeneratedChain.Create(count, typeof(SqliteBenchMigration));
        var assemblies = new[] { chain[0].Assembly };
        var clock = Stopwatch.StartNew();
        var catalog = MigrationCatalog.Load(assemblies);
        var cold = clock.Elapsed;
        if (catalog.Graph.Count != count)
        {
            throw new InvalidOperationException("the benchmark chain should load whole");
        }

        var warm = Measure.Median(11, () => MigrationCatalog.Load(assemblies));
        MigrationCatalogCache.Load(assemblies);
        var cached = Measure.Median(101, () => MigrationCatalogCache.Load(assemblies));
        var ids = chain.Select(t => t.FullName!).ToList();
        var baseline = Measure.Median(11, () => ids.ToDictionary(i => i, StringComparer.Ordinal));
        Console.WriteLine($"Discovery + validation of {count:N0} migrations, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| Measurement | Median | Baseline (same run) | Ratio | Target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| First load of the process (one sample) | {Measure.Ms(cold)} | | | <= 100 ms |");
        Measure.Report("Load again, full (discover + validate), warm", warm, baseline, "index ids in a Dictionary", "<= 10 ms");
        Measure.Report("Load again through the process-wide cache", cached, baseline, "index ids in a Dictionary", "");
        Console.WriteLine();
        Console.WriteLine($"Where a warm full load goes (one pass each, ms): {Breakdown(assemblies[0])}");
    }

    // The steps of MigrationCatalog.Load, one at a time, warm.
    private static string Breakdown(System.Reflection.Assembly assembly)
    {
        var clock = Stopwatch.StartNew();
        string Lap(string name)
        {
            var text = $"{name} {clock.Elapsed.TotalMilliseconds:0.0}";
            clock.Restart();
            return text;
        }

        var types = MigrationTypeSource.Find(new[] { assembly });
        var steps = new System.Collections.Generic.List<string> { Lap("find types") };
        var attributes = types.Select(t => System.Reflection.CustomAttributeExtensions.GetCustomAttribute<MigrationAttribute>(t.Type, false)!).ToList();
        steps.Add(Lap("[Migration] each"));
        var checksums = new MigrationChecksums();
        checksums.Of(assembly, attributes[0].Revision);
        steps.Add(Lap("[MigrationSource] all"));
        var definitions = types.Select((t, i) => new MigrationDefinition(t.Type, attributes[i], MigrationCatalog.Describe(t.Type, attributes[i]), checksums.Of(assembly, attributes[i].Revision))).ToList();
        steps.Add(Lap("describe each"));
        MigrationCatalog.FromDefinitions(definitions);
        steps.Add(Lap("graph + validate + index"));
        return string.Join(", ", steps);
    }
}
