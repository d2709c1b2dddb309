using System.Runtime.InteropServices;

namespace MigrationChain.Benchmarks.OnlineSafety;

/// <summary>
/// CPU seconds used by this process, or by its finished child processes (getrusage), so a loaded machine's waiting
/// time does not count against either linter.
/// </summary>
internal static class ChildCpu
{
    private const int Children = -1;

    public static double ChildrenSeconds()
    {
        if (GetRusage(Children, out var usage) != 0)
        {
            throw new InvalidOperationException("getrusage(RUSAGE_CHILDREN) failed.");
        }

        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, out Rusage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss, Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }
}
