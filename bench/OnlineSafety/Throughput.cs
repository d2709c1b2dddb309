using System.Diagnostics;
using MigrationChain.Cli.Benchmarks;

namespace MigrationChain.Benchmarks.OnlineSafety;

/// <summary>
/// Lint throughput on the same statements: every fixture repeated <c>copies</c> times. MigrationChain: CPU time of
/// this process for a fresh compilation's analyzer diagnostics, sequential, against the compiler alone on the same
/// compilation (the baseline measured in the same run). squawk: CPU time of one squawk process pinned to one core over
/// the same files, against squawk on one empty file (its start-up).
/// </summary>
internal static class Throughput
{
    public sealed record Result(int Statements, double McTotalSeconds, double McCompilerSeconds, double SquawkSeconds, double SquawkStartupSeconds)
    {
        public double McAnalyzerSeconds => Math.Max(McTotalSeconds - McCompilerSeconds, 1e-9);

        public double SquawkLintSeconds => Math.Max(SquawkSeconds - SquawkStartupSeconds, 1e-9);
    }

    public static Result Measure(IReadOnlyList<Fixture> fixtures, MigrationChainLint mc, SquawkLint squawk, int copies, int runs, string workDirectory)
    {
        var statements = fixtures.Sum(f => f.Statements) * copies;
        var files = new List<string>();
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var fixture in fixtures)
            {
                var file = Path.Combine(workDirectory, $"c{copy:D3}_{fixture.Name}.sql");
                File.WriteAllText(file, fixture.Sql);
                files.Add(file);
            }
        }

        var empty = Path.Combine(workDirectory, "empty.sql");
        File.WriteAllText(empty, "-- nothing\n");

        var process = Process.GetCurrentProcess();
        var total = new List<double>();
        var compiler = new List<double>();
        var squawkTimes = new List<double>();
        var startup = new List<double>();
        const int warmUps = 3;
        for (var run = 0; run < warmUps + runs; run++)
        {
            // The first runs warm the JIT (tiered compilation settles after a few) and the file cache; not counted.
            var compilerOnly = Cpu(process, () => MigrationChainLint.CompilerOnly(mc.Corpus(fixtures, copies)));
            var withAnalyzers = Cpu(process, () => mc.Diagnostics(mc.Corpus(fixtures, copies)).Length);
            var before = ChildCpu.Milliseconds() / 1000.0;
            squawk.Time(files, assumeInTransaction: true);
            var middle = ChildCpu.Milliseconds() / 1000.0;
            squawk.Time(new[] { empty }, assumeInTransaction: true);
            var after = ChildCpu.Milliseconds() / 1000.0;
            Console.Error.WriteLine($"run {run}: compiler {compilerOnly:F3} s, compiler+analyzers {withAnalyzers:F3} s, squawk {middle - before:F3} s, squawk start-up {after - middle:F3} s");
            if (run >= warmUps)
            {
                compiler.Add(compilerOnly);
                total.Add(withAnalyzers);
                squawkTimes.Add(middle - before);
                startup.Add(after - middle);
            }
        }

        return new Result(statements, Median(total), Median(compiler), Median(squawkTimes), Median(startup));
    }

    private static double Cpu(Process process, Func<int> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var before = process.TotalProcessorTime;
        work();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
