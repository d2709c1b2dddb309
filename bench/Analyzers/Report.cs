using System.Globalization;
using System.Text;

namespace MigrationChain.Benchmarks.Analyzers;

/// <summary>The measured builds of one project size.</summary>
internal sealed record SizeResult(int Migrations, IReadOnlyList<BuildMeasurement> Runs, IReadOnlyList<double> OffCompileSeconds)
{
    /// <summary>With --baseline: the builds with the baseline analyzer assembly, alternating with <see cref="Runs"/>.</summary>
    public IReadOnlyList<BuildMeasurement> BaselineRuns { get; init; } = Array.Empty<BuildMeasurement>();

    /// <summary>The Csc task of the same sources without MigrationChain's analyzers, built alternately in the same run.</summary>
    public double MedianOffCompile => Median(OffCompileSeconds);

    /// <summary>How much longer the compile with the analyzers took than the one without, median of the paired runs.</summary>
    public double MedianOverOffPercent => Median(Runs.Zip(OffCompileSeconds, (on, off) => 100 * (on.CompileSeconds / off - 1)));

    public double MedianCompile => Median(Runs.Select(r => r.CompileSeconds));

    public double MedianMigrationChain => Median(Runs.Select(r => r.MigrationChainSeconds));

    public double MedianShare => Median(Runs.Select(r => r.SharePercent));

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Formats the results as the table docs/benchmarks.md shows.</summary>
internal static class Report
{
    public static string Markdown(IReadOnlyList<SizeResult> results, int runs)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Medians of {runs} builds per size (after one warm-up build).");
        text.AppendLine();
        text.AppendLine("| Migrations | Csc task | MigrationChain analyzers + generator | Share of compile (analyzer report) | Csc task, analyzers off | on / off − 1 (paired) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {result.Migrations:N0} | {result.MedianCompile:F2} s | {result.MedianMigrationChain:F3} s | {result.MedianShare:F1} % | {result.MedianOffCompile:F2} s | {result.MedianOverOffPercent:F1} % |");
        }

        foreach (var result in results.Where(r => r.BaselineRuns.Count > 0))
        {
            var baseline = result.BaselineRuns;
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{result.Migrations:N0} migrations, this build against the baseline analyzer assembly (paired runs):");
            text.AppendLine();
            text.AppendLine("| Build | Csc task | MigrationChain analyzers | generator | analyzers + generator | Share of compile |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (name, builds) in new[] { ("baseline", baseline), ("this", result.Runs) })
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {SizeResult.Median(builds.Select(r => r.CompileSeconds)):F2} s | {SizeResult.Median(builds.Select(r => r.AnalyzerSeconds)):F3} s | {SizeResult.Median(builds.Select(r => r.GeneratorSeconds)):F3} s | {SizeResult.Median(builds.Select(r => r.MigrationChainSeconds)):F3} s | {SizeResult.Median(builds.Select(r => r.SharePercent)):F1} % |");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Paired, median: share this − baseline {SizeResult.Median(result.Runs.Zip(baseline, (a, b) => a.SharePercent - b.SharePercent)):F1} points; analyzers this / baseline {SizeResult.Median(result.Runs.Zip(baseline, (a, b) => a.AnalyzerSeconds / b.AnalyzerSeconds)):F2}.");
            text.AppendLine();
            text.AppendLine("| Analyzer (compiler's report, median s) | baseline | this |");
            text.AppendLine("|---|---:|---:|");
            var names = baseline.Concat(result.Runs).SelectMany(r => r.PerAnalyzer.Keys).Distinct()
                .OrderByDescending(n => SizeResult.Median(baseline.Select(r => r.PerAnalyzer.GetValueOrDefault(n))));
            foreach (var name in names)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {SizeResult.Median(baseline.Select(r => r.PerAnalyzer.GetValueOrDefault(name))):F3} | {SizeResult.Median(result.Runs.Select(r => r.PerAnalyzer.GetValueOrDefault(name))):F3} |");
            }
        }

        if (results.Count >= 2)
        {
            var small = results.MinBy(r => r.Migrations)!;
            var large = results.MaxBy(r => r.Migrations)!;
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{large.Migrations:N0} / {small.Migrations:N0} migrations: MigrationChain time ratio {large.MedianMigrationChain / small.MedianMigrationChain:F1}× (target ≤ 12×); compile time ratio {large.MedianCompile / small.MedianCompile:F1}×.");
        }

        return text.ToString();
    }
}
