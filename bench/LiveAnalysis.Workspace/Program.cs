using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using MigrationChain.Benchmarks.LiveAnalysis.Workspace;

// Usage: dotnet run -c Release --project bench/LiveAnalysis.Workspace -- [--edits N] [--warmup N] [--no-collect] PROJECT-DIR...
// --allocations: the types each edit allocates most, from the runtime's allocation samples.
// --no-collect: no full collection before each edit, so collections fall inside edits as they do in the server.
// Each PROJECT-DIR is a project bench/LiveAnalysis generated (e.g. artifacts/bench-live-analysis/Live1000On); all are
// opened in one MSBuildWorkspace of csharp-ls's Roslyn and edited in turn, edit by edit, so load falls on all alike.
// Each edit breaks (then fixes) the Parent of the migration in the middle, then does what csharp-ls 0.28 does for a
// textDocument/diagnostic pull with csharp.analyzersEnabled: Project.GetCompilationAsync (the workspace's generator
// driver included), then CompilationWithAnalyzers.GetAllDiagnosticsAsync with every analyzer of the project, keeping
// the edited file's diagnostics. Reported per edit: process CPU, bytes allocated, gen-2 collections.
var toolDir = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CsharpLsDir").Value!;
AssemblyLoadContext.Default.Resolving += (context, name) =>
{
    var candidate = Path.Combine(toolDir, name.Name + ".dll");
    return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
};

// As csharp-ls does: MSBuild itself comes from the installed SDK, through the locator it ships.
var locator = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(toolDir, "Microsoft.Build.Locator.dll"));
locator.GetType("Microsoft.Build.Locator.MSBuildLocator", throwOnError: true)!.GetMethod("RegisterDefaults")!.Invoke(null, null);

var edits = 10;
var warmup = 3;
var collect = true;
var allocations = false;
var directories = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--edits": edits = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--no-collect": collect = false; break;
        case "--allocations": allocations = true; break;
        default: directories.Add(Path.GetFullPath(args[i])); break;
    }
}

return await Harness.Run(directories, edits, warmup, collect, allocations);
