using System.Globalization;
using System.Text;

namespace MigrationChain.Benchmarks.Analyzers;

/// <summary>The measured builds of one project size.</summary>
internal sealed record SizeResult(int Migrations, IReadOnlyList<BuildMeasurement> Runs, IReadOnlyList<double> OffCompileSeconds)
{
    /// <summary>The Csc task of the same sources without MigrationChain's analyzers, built alternately in the same run.</summary>
    public double MedianOffCompile => Median(OffCompileSeconds);

    /// <summary>How much longer the compile with the analyzers took than the one without, median of the paired runs.</summary>
    public double MedianOverOffPercent => Median(Runs.Zip(OffCompileSeconds, (on, off) => 100 * (on.CompileSeconds / off - 1)));

    public double MedianCompile => Median(Runs.Select(r => r.CompileSeconds));

    public double MedianMigrationChain => Median(Runs.Select(r => r.MigrationChainSeconds));

    public double MedianShare => Median(Runs.Select(r => r.SharePercent));

    private static double Median(IEnumerable<double> values)
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
