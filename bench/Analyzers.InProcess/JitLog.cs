using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace MigrationChain.Benchmarks.Analyzers.InProcess;

/// <summary>
/// The methods the runtime JIT-compiles while it is on (the runtime's own JIT events, read in process), to find out
/// which code a build of a freshly loaded analyzer assembly compiles: the fixed part of a command-line build's cost.
/// </summary>
internal sealed class JitLog : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private readonly ConcurrentQueue<(string Method, double Milliseconds)> _methods = new();
    private readonly ConcurrentDictionary<ulong, (string Method, DateTime Start)> _started = new();
    private volatile bool _on;

    public void Start()
    {
        _methods.Clear();
        _on = true;
    }

    /// <summary>Stops recording and returns the compiled methods (type::name, one entry per compilation) with the time each took.</summary>
    public IReadOnlyList<(string Method, double Milliseconds)> Stop()
    {
        _on = false;
        return _methods.ToArray();
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        if (!_on || data.Payload is not { Count: > 5 } payload)
        {
            return;
        }

        // MethodJittingStarted_V1: MethodID, ModuleID, MethodToken, MethodILSize, MethodNamespace (the type), MethodName, ...
        // MethodLoadVerbose_V1/V2: MethodID, ... when the code is ready; the time between the two is the compilation.
        if (data.EventName == "MethodJittingStarted_V1")
        {
            _started[(ulong)payload[0]!] = ($"{payload[4]}::{payload[5]} [IL {payload[3]}]", data.TimeStamp);
        }
        else if (data.EventName is not null && data.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal)
            && _started.TryRemove((ulong)payload[0]!, out var started))
        {
            _methods.Enqueue((started.Method, (data.TimeStamp - started.Start).TotalMilliseconds));
        }
    }
}
