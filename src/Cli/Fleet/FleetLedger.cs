using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// What a fleet run keeps: one small entry per database (its runner and plan are gone once it is done), and why the
/// run stopped early, if it did. Workers add to it concurrently.
/// </summary>
internal sealed class FleetLedger
{
    private readonly List<FleetEntry> _entries = new();
    private int _failures;
    private string? _stopReason;

    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Set once a canary failed or --max-failures was reached: from then on nothing new starts.</summary>
    public string? StopReason => Volatile.Read(ref _stopReason);

    /// <summary>The entries in the order the fleet's source listed the databases.</summary>
    public IReadOnlyList<FleetEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.OrderBy(e => e.Number).ToList();
            }
        }
    }

    public void Add(FleetEntry entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }

        if (entry.Failed)
        {
            Interlocked.Increment(ref _failures);
        }
    }

    /// <summary>The first reason to stop wins: the summary says what stopped the run, not what happened after.</summary>
    public void Stop(string reason) => Interlocked.CompareExchange(ref _stopReason, reason, null);
}
