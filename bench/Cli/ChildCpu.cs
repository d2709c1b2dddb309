using System.Runtime.InteropServices;

namespace MigrationChain.Cli.Benchmarks;

/// <summary>
/// The CPU time (user + system) of the child processes this process has waited for, from <c>getrusage</c>: the
/// difference around one run is what that run's process spent, however busy the machine was. On a loaded machine
/// wall time measures the queue as much as the tool; CPU time does not. Linux and macOS; zero elsewhere.
/// </summary>
internal static partial class ChildCpu
{
    private const int Children = -1;

    public static double Milliseconds()
    {
        if (OperatingSystem.IsWindows() || GetRusage(Children, out var usage) != 0)
        {
            return 0;
        }

        return (usage.UserSeconds + usage.SystemSeconds) * 1000.0 + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out RUsage usage);

    // struct rusage begins with two struct timevals (long seconds, long microseconds on 64-bit); the rest is unused.
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss;
        public long Ixrss;
        public long Idrss;
        public long Isrss;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlockIn;
        public long BlockOut;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }
}
