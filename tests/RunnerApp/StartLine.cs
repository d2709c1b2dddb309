using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace MigrationChain.Tests.RunnerApp;

/// <summary>
/// Holds the process at the start line: says it is ready (a file), then waits for the test to create the barrier
/// file, so processes that took different times to start read the version table at the same moment.
/// </summary>
internal static class StartLine
{
    public static void Wait()
    {
        var ready = Environment.GetEnvironmentVariable("RUNNERAPP_READY");
        var barrier = Environment.GetEnvironmentVariable("RUNNERAPP_BARRIER");
        if (string.IsNullOrEmpty(ready) || string.IsNullOrEmpty(barrier))
        {
            return;
        }

        File.WriteAllText(ready, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        while (!File.Exists(barrier))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"The barrier {barrier} was not released within a minute.");
            }

            // One millisecond, not the default 15: the processes must leave within a millisecond or two of each other.
            Thread.Sleep(1);
        }
    }
}

/// <summary>Reports, on stderr, how many steps the runner planned from its first read of the version table.</summary>
internal sealed class PlanReporter : MigrationListener
{
    public override void OnPlan(MigrationOperation operation, string target, System.Collections.Generic.IReadOnlyList<MigrationStep> steps) =>
        Console.Error.WriteLine($"planned {steps.Count}");
}
