using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Threading;

namespace MigrationChain.Benchmarks;

/// <summary>
/// The methods the JIT compiles while an action runs, from the runtime's own events (the in-process twin of
/// <c>dotnet-trace</c>'s JIT keyword): which of a cold start's compilations are ours, and which generic
/// instantiations of the framework our code asks for. Listening slows the action, so it is never timed.
/// </summary>
internal sealed class JitListing : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private const int MethodJittingStarted = 145;

    private readonly ConcurrentQueue<string> _methods = new();
    private volatile bool _recording;

    public static IReadOnlyList<string> During(Action action)
    {
        using var listener = new JitListing();
        // Events reach the listener on another thread a moment after they happen: wait for the queue to settle.
        Thread.Sleep(500);
        listener._recording = true;
        action();
        Thread.Sleep(1500);
        listener._recording = false;
        return listener._methods.ToList();
    }

    public static void Print(IReadOnlyList<string> methods)
    {
        Console.WriteLine($"{methods.Count} methods JIT-compiled (event count), by declaring type:");
        foreach (var group in methods.GroupBy(m => m.Substring(0, m.LastIndexOf("::", StringComparison.Ordinal))).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {group.Count(),4}  {group.Key}: {string.Join(", ", group.Select(m => m.Substring(m.LastIndexOf("::", StringComparison.Ordinal) + 2)).Take(12))}");
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventId != MethodJittingStarted || e.Payload is null)
        {
            return;
        }

        var ns = e.PayloadNames!.IndexOf("MethodNamespace");
        var name = e.PayloadNames.IndexOf("MethodName");
        if (ns >= 0 && name >= 0)
        {
            _methods.Enqueue($"{e.Payload[ns]}::{e.Payload[name]}");
        }
    }
}
