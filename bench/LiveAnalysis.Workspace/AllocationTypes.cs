using System.Diagnostics.Tracing;

namespace MigrationChain.Benchmarks.LiveAnalysis.Workspace;

/// <summary>
/// The runtime's allocation samples (one event per ~100 KB allocated, with the type that crossed the mark), summed by
/// type: which objects an edit allocates, without a profiler.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly Dictionary<string, long> _bytes = new();

    public bool Recording { get; set; }

    public IReadOnlyList<(string Type, long Bytes)> TakeTop(int count)
    {
        lock (_bytes)
        {
            var top = _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value)).ToList();
            _bytes.Clear();
            return top;
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // GC keyword (0x1) at verbose level carries GCAllocationTick.
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        if (!Recording || data.EventName is null || !data.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || data.PayloadNames is null)
        {
            return;
        }

        var type = data.Payload![data.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(data.Payload[data.PayloadNames.IndexOf("AllocationAmount64")]);
        lock (_bytes)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }
}
