using System.Diagnostics;

namespace MigrationChain.Build.Benchmarks;

/// <summary>Median (and spread) of repeated timings, after warm-up runs that are thrown away.</summary>
internal sealed record Timing(string Name, double Median, double Min, double Max, int Runs)
{
    public static Timing Of(string name, int runs, int warmups, Action work)
    {
        for (var i = 0; i < warmups; i++)
        {
            work();
        }

        var samples = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return FromSamples(name, samples);
    }

    public static Timing FromSamples(string name, List<double> samples)
    {
        samples.Sort();
        var middle = samples.Count / 2;
        var median = samples.Count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
        return new Timing(name, median, samples[0], samples[^1], samples.Count);
    }

    public string Row() => $"| {Name} | {Median:F1} | {Min:F1} | {Max:F1} | {Runs} |";
}
