using System.Diagnostics;

namespace MigrationChain.Cli.Benchmarks;

/// <summary>The median (and spread) of a whole process's wall time, over runs after thrown-away warm-ups.</summary>
internal sealed record Timing(string Name, double Median, double Min, double Max, int Runs, double CpuMedian = 0)
{
    public static Timing Of(string name, int runs, int warmups, string workingDirectory, params string[] arguments) =>
        Of(name, runs, warmups, workingDirectory, () => { }, arguments);

    /// <summary>As the other overload, with <paramref name="before"/> run (untimed) before every run.</summary>
    public static Timing Of(string name, int runs, int warmups, string workingDirectory, Action before, params string[] arguments)
    {
        for (var i = 0; i < warmups; i++)
        {
            before();
            Run(workingDirectory, arguments);
        }

        var samples = new List<double>(runs);
        var cpu = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            before();
            var cpuBefore = ChildCpu.Milliseconds();
            samples.Add(Run(workingDirectory, arguments));
            cpu.Add(ChildCpu.Milliseconds() - cpuBefore);
        }

        samples.Sort();
        return new Timing(name, MedianOf(samples), samples[0], samples[^1], samples.Count, MedianOf(cpu));
    }

    public string Row() => $"| {Name} | {Median:F0} | {Min:F0} | {Max:F0} | {CpuMedian:F0} | {Runs} |";

    private static double MedianOf(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Starts <c>dotnet</c> with the arguments and waits for it: start-up, work and exit, as a shell sees it.</summary>
    public static double Run(string workingDirectory, string[] arguments, bool mustSucceed = true)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (mustSucceed && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        }

        return elapsed;
    }
}
