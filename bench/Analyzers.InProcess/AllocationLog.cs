using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace MigrationChain.Benchmarks.Analyzers.InProcess;

/// <summary>
/// What the analysis allocates, by type: the runtime's allocation sampling (an event about every 100 KB allocated,
/// naming the type of the object that crossed the mark), read in process. The samples are many enough over a few
/// builds to rank the types that make up most of the bytes; they say nothing about which analyzer allocated them.
/// </summary>
internal sealed partial class AllocationLog : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, (long Bytes, int Samples)> _byType = new(StringComparer.Ordinal);
    private volatile bool _on;

    public void Start() => _on = true;

    public void Stop() => _on = false;

    /// <summary>The sampled bytes by type, largest first (summed over every Start/Stop window).</summary>
    public IReadOnlyList<(string Type, long Bytes, int Samples)> ByType() =>
        _byType.Select(p => (p.Key, p.Value.Bytes, p.Value.Samples)).OrderByDescending(p => p.Bytes).ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@", [A-Za-z.]+, Version=[^\]]+")]
    private static partial System.Text.RegularExpressions.Regex AssemblyQualifiers();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        if (!_on || data.EventName is null || !data.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || data.PayloadNames is not { } names || data.Payload is not { } payload)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
        var handle = names.IndexOf("TypeID") is var id and >= 0 ? payload[id] switch { ulong u => (nint)u, nint p => p, _ => 0 } : 0;
        if (handle != 0)
        {
            // The event names a nested type without its declaring type (`<Read>d__16`): the handle says whose it is.
            try
            {
                type = Type.GetTypeFromHandle(RuntimeTypeHandle.FromIntPtr(handle))?.FullName is { } full ? AssemblyQualifiers().Replace(full, string.Empty) : type;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // not a type handle this runtime resolves: keep the event's name
            }
        }

        var bytes = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _byType.AddOrUpdate(type, (bytes, 1), (_, sum) => (sum.Bytes + bytes, sum.Samples + 1));
    }
}
