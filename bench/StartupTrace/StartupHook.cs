using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

// The runtime calls StartupHook.Initialize before Main (DOTNET_STARTUP_HOOKS); see the project file for usage.
internal class StartupHook
{
    static Listener? listener;
    public static void Initialize()
    {
        listener = new Listener();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Runtime events reach an EventListener through a dispatch thread: give it time to drain before writing.
            Thread.Sleep(1500);
            var path = Environment.GetEnvironmentVariable("JITHOOK_OUT") ?? "jit.txt";
            File.WriteAllLines(path, Listener.Lines);
        };
    }
}

internal sealed class Listener : EventListener
{
    public static readonly ConcurrentQueue<string> Lines = new();
    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // JIT 0x10, Loader 0x8, CompilationDiagnostic 0x2000000000 (R2R entry points), TypeDiagnostic 0x8000000000.
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)(0x10 | 0x8 | 0x2000000000L | (Environment.GetEnvironmentVariable("JITHOOK_TYPES") == "1" ? 0x8000000000L : 0)));
        }
    }
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        string P(string n) { var i = e.PayloadNames?.IndexOf(n) ?? -1; return i >= 0 ? Convert.ToString(e.Payload![i]) ?? "" : ""; }
        var t = e.TimeStamp.Ticks / 10000.0;
        switch (e.EventName)
        {
            case "MethodJittingStarted_V1":
            case "MethodJittingStarted":
                Lines.Enqueue($"{t:F3}\tSTART\t{P("MethodNamespace")}::{P("MethodName")}\t{P("MethodILSize")}");
                break;
            case "TypeLoadStart":
                Lines.Enqueue($"{t:F3}\tTSTART\t{P("TypeLoadStartID")}");
                break;
            case "TypeLoadStop":
                Lines.Enqueue($"{t:F3}\tTSTOP\t{P("TypeName")}\t{P("LoadLevel")}");
                break;
            case "MethodLoadVerbose_V1":
            case "MethodLoadVerbose_V2":
            case "MethodLoadVerbose":
                var flags = Convert.ToInt64(e.Payload![e.PayloadNames!.IndexOf("MethodFlags")]);
                Lines.Enqueue($"{t:F3}\tJIT\t{(flags >> 7) & 7}\t0x{flags:x}\t{P("MethodNamespace")}::{P("MethodName")}\t{P("MethodSignature")}");
                break;
            case "R2RGetEntryPoint":
                Lines.Enqueue($"{t:F3}\tR2R\t{P("MethodNamespace")}::{P("MethodName")}");
                break;
            case "AssemblyLoad_V1":
                Lines.Enqueue($"{t:F3}\tASM\t{P("FullyQualifiedAssemblyName")}");
                break;
            case "ModuleLoad_V2":
                Lines.Enqueue($"{t:F3}\tMOD\t{P("ModuleILPath")}\t0x{Convert.ToInt64(e.Payload![e.PayloadNames!.IndexOf("ModuleFlags")]):x}");
                break;
        }
    }
}
