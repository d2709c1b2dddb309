using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace MigrationChain.Benchmarks;

/// <summary>Runs an action many times and reports the median; these machines are noisy, so medians, not means.</summary>
internal static class Measure
{
    /// <summary>
    /// Runs the action for a while first: tiered compilation promotes hot methods to optimized code in the
    /// background, and a few dozen calls are not enough to measure the code that a long-running app runs.
    /// </summary>
    public static void WarmUp(Action action, TimeSpan? duration = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (duration ?? TimeSpan.FromSeconds(2)))
        {
            action();
        }
    }

    public static TimeSpan Median(int runs, Action action, Action? before = null)
    {
        var samples = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            before?.Invoke();
            var clock = Stopwatch.StartNew();
            action();
            samples.Add(clock.Elapsed);
        }

        return Median(samples);
    }

    public static TimeSpan Median(List<TimeSpan> samples)
    {
        var sorted = samples.OrderBy(s => s).ToList();
        return sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : TimeSpan.FromTicks((sorted[(sorted.Count / 2) - 1].Ticks + sorted[sorted.Count / 2].Ticks) / 2);
    }

    public static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0.000} ms";

    public static void Report(string name, TimeSpan value, TimeSpan baseline, string baselineName, string target)
    {
        Console.WriteLine($"| {name} | {Ms(value)} | {baselineName}: {Ms(baseline)} | {value.TotalMilliseconds / baseline.TotalMilliseconds:0.00}x | {target} |");
    }
}
