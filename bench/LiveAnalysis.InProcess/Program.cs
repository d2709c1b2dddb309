using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MigrationChain.Analyzers.Manifest;

// Usage: dotnet run -c Release --project bench/LiveAnalysis.InProcess -- PROJECT-DIR [edits] [reference-pack-dir]
// PROJECT-DIR is a project bench/LiveAnalysis (or bench/Analyzers) generated, e.g. artifacts/bench-live-analysis/Live1000On.
// Each edit breaks (then fixes) the Parent of the migration in the middle, builds the next compilation and measures,
// in the same process, four ways of analysing it: the compiler alone (semantic diagnostics of the edited file),
// MigrationChain's analyzers without the generator, the generator as a build runs it (every output) plus the
// analyzers, and the generator as a semantics-only host may run it (implementation outputs skipped) plus the analyzers.
var directory = Path.GetFullPath(args[0]);
var edits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var referencePack = args.Length > 2 ? args[2] : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages/microsoft.netcore.app.ref/8.0.31/ref/net8.0");
var repository = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/bench/", StringComparison.Ordinal)];
var references = Directory.GetFiles(referencePack, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();
references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Runtime/bin/Release/net8.0/MigrationChain.Runtime.dll")));
references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Rules/bin/Release/net8.0/MigrationChain.Rules.dll")));

var files = Directory.GetFiles(Path.Combine(directory, "Migrations"), "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToArray();
var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), CSharpParseOptions.Default, f)).ToArray();
var start = CSharpCompilation.Create("Live", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
var analyzers = typeof(MigrationManifestGenerator).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();
var edited = files.Length / 2 + 5;
var good = trees[edited].GetText().ToString();
var parent = (edited - 1).ToString("D6", CultureInfo.InvariantCulture);
var broken = good.Replace($"Parent = \"{parent}\"", $"Parent = \"{parent}x\"", StringComparison.Ordinal);
Console.Error.WriteLine($"{files.Length} files, {analyzers.Length} analyzers; editing {files[edited]}");

var modes = new[] { "compiler only", "analyzers, no generator", "generator (all outputs) + analyzers", "generator (implementation skipped) + analyzers" };
var cpu = modes.ToDictionary(m => m, _ => new List<double>());
var process = Process.GetCurrentProcess();
foreach (var mode in modes)
{
    GeneratorDriver? driver = mode.StartsWith("generator", StringComparison.Ordinal)
        ? CSharpGeneratorDriver.Create(
            new[] { new MigrationManifestGenerator().AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(mode.Contains("skipped", StringComparison.Ordinal) ? IncrementalGeneratorOutputKind.Implementation : IncrementalGeneratorOutputKind.None))
        : null;
    Compilation current = start;
    var tree = trees[edited];
    for (var edit = 0; edit < edits; edit++)
    {
        var next = tree.WithChangedText(SourceText.From(edit % 2 == 0 ? broken : good));
        current = current.ReplaceSyntaxTree(tree, next);
        tree = next;
        process.Refresh();
        var before = process.TotalProcessorTime;
        var analysed = current;
        if (driver is not null)
        {
            driver = driver.RunGeneratorsAndUpdateCompilation(current, out analysed, out _);
        }

        var model = analysed.GetSemanticModel(tree);
        var codes = new List<string>();
        if (mode == "compiler only")
        {
            codes.AddRange(model.GetDiagnostics().Select(d => d.Id));
        }
        else
        {
            var withAnalyzers = analysed.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, true, false));
            codes.AddRange((await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None)).Select(d => d.Id));
            codes.AddRange((await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None)).Select(d => d.Id));
            if (codes.Contains("MC1002") != (edit % 2 == 0))
            {
                throw new InvalidOperationException($"Edit {edit}: MC1002 expected {(edit % 2 == 0 ? "present" : "absent")}, got [{string.Join(",", codes)}].");
            }
        }

        process.Refresh();
        var ms = (process.TotalProcessorTime - before).TotalMilliseconds;
        if (edit >= 5)
        {
            cpu[mode].Add(ms);
        }
    }
}

Console.WriteLine($"{files.Length:N0} migrations: process CPU per edit, medians of {edits - 5} edits after 5 warm-up edits");
Console.WriteLine();
Console.WriteLine("| What runs per edit | CPU ms (median) |");
Console.WriteLine("|---|---:|");
foreach (var mode in modes)
{
    var values = cpu[mode];
    values.Sort();
    Console.WriteLine(FormattableString.Invariant($"| {mode} | {values[values.Count / 2]:F0} |"));
}
