using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Benchmarks.LiveAnalysis.InProcess;

// Usage: dotnet run -c Release --project bench/LiveAnalysis.InProcess -- PROJECT-DIR [edits] [modes] [reference-pack-dir]
// PROJECT-DIR is a project bench/LiveAnalysis (or bench/Analyzers) generated, e.g. artifacts/bench-analyzers/Migrations1000.
// modes: "all" (default) or a comma-separated list of the mode numbers printed in the table.
// Each edit breaks (then fixes) the Parent of the migration in the middle, builds the next compilation and measures,
// in the same process, the CPU time of analysing it one way per mode (see Modes below). The modes run interleaved,
// edit by edit, so load on the machine falls on all of them alike.
var directory = Path.GetFullPath(args[0]);
var edits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var selected = args.Length > 2 && args[2] != "all" ? args[2].Split(',').Select(int.Parse).ToHashSet() : null;
var referencePack = args.Length > 3 ? args[3] : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages/microsoft.netcore.app.ref/8.0.31/ref/net8.0");
var repository = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/bench/", StringComparison.Ordinal)];
var references = Directory.GetFiles(referencePack, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();
references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Runtime/bin/Release/net8.0/MigrationChain.Runtime.dll")));
references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Rules/bin/Release/net8.0/MigrationChain.Rules.dll")));

var files = Directory.GetFiles(Path.Combine(directory, "Migrations"), "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToArray();
var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), CSharpParseOptions.Default, f)).ToArray();
var start = CSharpCompilation.Create("Live", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
var ours = typeof(MigrationManifestGenerator).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();
var edited = files.Length / 2 + 5;
var good = trees[edited].GetText().ToString();
var parent = (edited - 1).ToString("D6", CultureInfo.InvariantCulture);
var broken = good.Replace($"Parent = \"{parent}\"", $"Parent = \"{parent}x\"", StringComparison.Ordinal);
Console.Error.WriteLine($"{files.Length} files, {ours.Length} analyzers; editing {files[edited]}");

var modes = Modes.All(ours).Where((_, i) => selected is null || selected.Contains(i + 1)).ToArray();
var cpu = modes.ToDictionary(m => m, _ => new List<double>());
var perAnalyzer = modes.ToDictionary(m => m, _ => new Dictionary<string, List<double>>());
var states = modes.ToDictionary(m => m, m => new ModeState(start, trees[edited], m.CreateDriver()));
var process = Process.GetCurrentProcess();
for (var edit = 0; edit < edits; edit++)
{
    var breaking = edit % 2 == 0;
    foreach (var mode in modes)
    {
        var state = states[mode];
        var next = state.Tree.WithChangedText(SourceText.From(breaking ? broken : good));
        state.Compilation = state.Compilation.ReplaceSyntaxTree(state.Tree, next);
        state.Tree = next;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var before = process.TotalProcessorTime;
        var analysed = state.Compilation;
        if (state.Driver is not null)
        {
            state.Driver = state.Driver.RunGeneratorsAndUpdateCompilation(state.Compilation, out analysed, out _);
        }

        var (codes, telemetry) = await mode.Analyse(analysed, state.Tree);
        process.Refresh();
        var ms = (process.TotalProcessorTime - before).TotalMilliseconds;
        if (mode.ReportsMigrationChain && codes.Contains("MC1002") != breaking)
        {
            throw new InvalidOperationException($"{mode.Name}, edit {edit}: MC1002 expected {(breaking ? "present" : "absent")}, got [{string.Join(",", codes.Distinct())}].");
        }

        if (edit >= 5)
        {
            cpu[mode].Add(ms);
            foreach (var (name, seconds) in telemetry)
            {
                if (!perAnalyzer[mode].TryGetValue(name, out var list))
                {
                    perAnalyzer[mode][name] = list = new List<double>();
                }

                list.Add(seconds * 1000);
            }
        }
    }
}

Console.WriteLine($"{files.Length:N0} migrations: process CPU per edit, medians of {edits - 5} edits after 5 warm-up edits (modes interleaved)");
Console.WriteLine();
Console.WriteLine("| # | What runs per edit | CPU ms (median) |");
Console.WriteLine("|---:|---|---:|");
var all = Modes.All(ours).ToList();
foreach (var mode in modes)
{
    Console.WriteLine(FormattableString.Invariant($"| {all.FindIndex(m => m.Name == mode.Name) + 1} | {mode.Name} | {Median(cpu[mode]):F0} |"));
}

foreach (var mode in modes.Where(m => perAnalyzer[m].Count > 0))
{
    Console.WriteLine();
    Console.WriteLine($"Analyzer execution time (Roslyn telemetry, wall ms, median) in \"{mode.Name}\":");
    foreach (var (name, values) in perAnalyzer[mode].OrderByDescending(p => Median(p.Value)))
    {
        Console.WriteLine(FormattableString.Invariant($"  {name}: {Median(values):F1}"));
    }
}

return 0;

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
}

/// <summary>The compilation and tree one mode has reached, and its generator driver (kept across edits, as an IDE does).</summary>
internal sealed class ModeState(Compilation compilation, SyntaxTree tree, GeneratorDriver? driver)
{
    public Compilation Compilation { get; set; } = compilation;

    public SyntaxTree Tree { get; set; } = tree;

    public GeneratorDriver? Driver { get; set; } = driver;
}
