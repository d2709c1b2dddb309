using System.Globalization;
using System.Text;
using MigrationChain.Benchmarks.OnlineSafety;

// Usage (run.sh installs squawk first and passes its path):
//   dotnet run -c Release --project bench/OnlineSafety -- SQUAWK [compare|throughput|all] [copies] [runs]
// stdout: the Markdown document (comparison table, then throughput); progress on stderr.
var squawkPath = args.Length > 0 ? args[0] : throw new ArgumentException("Give the squawk executable (run.sh does).");
var mode = args.Length > 1 ? args[1] : "all";
var copies = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
var repository = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/bench/", StringComparison.Ordinal)];
var referencePack = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages/microsoft.netcore.app.ref/8.0.31/ref/net8.0");
var fixtures = Fixture.Load(Path.Combine(repository, "bench/OnlineSafety/fixtures"));
var mc = new MigrationChainLint(repository, referencePack);
var squawk = new SquawkLint(squawkPath);
var work = Directory.CreateTempSubdirectory("mc-online-safety-");
Console.Error.WriteLine($"{fixtures.Count} fixtures, {fixtures.Sum(f => f.Statements)} statements; {mc.AnalyzerCount} MigrationChain analyzers; {squawk.Version}; work folder {work.FullName}");
var output = new StringBuilder();
try
{
    if (mode is "compare" or "all")
    {
        Compare(output);
    }

    if (mode is "throughput" or "all")
    {
        var result = Throughput.Measure(fixtures, mc, squawk, copies, runs, work.FullName);
        output.AppendLine(CultureInfo.InvariantCulture, $"## Throughput ({result.Statements} statements: {fixtures.Count} fixtures x {copies}; medians of {runs} runs after 3 warm-up runs; CPU seconds, one core)");
        output.AppendLine();
        output.AppendLine("| linter | CPU s | statements/s |");
        output.AppendLine("|---|---:|---:|");
        Row("MigrationChain: compiler alone (baseline)", result.McCompilerSeconds);
        Row("MigrationChain: compiler + analyzers", result.McTotalSeconds);
        Row("MigrationChain: analyzers (difference)", result.McAnalyzerSeconds);
        Row("squawk: one process, all files", result.SquawkSeconds);
        Row("squawk: start-up (one empty file)", result.SquawkStartupSeconds);
        Row("squawk: linting (difference)", result.SquawkLintSeconds);
        output.AppendLine();

        void Row(string name, double seconds) =>
            output.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {seconds:F3} | {(name.Contains("start-up", StringComparison.Ordinal) || name.Contains("alone", StringComparison.Ordinal) ? "" : (result.Statements / seconds).ToString("N0", CultureInfo.InvariantCulture))} |");
    }

    Console.Out.Write(output.ToString());
}
finally
{
    work.Delete(recursive: true);
}

void Compare(StringBuilder text)
{
    var agree = 0;
    var stricter = new Dictionary<string, int>(StringComparer.Ordinal);
    var quieter = new Dictionary<string, int>(StringComparer.Ordinal);
    var mcRight = 0;
    var squawkRight = 0;
    var expectedTotal = 0;
    text.AppendLine("## Per fixture");
    text.AppendLine();
    text.AppendLine("| fixture | expected | MigrationChain | squawk ([rules with no MigrationChain counterpart]) | both | only MigrationChain | only squawk |");
    text.AppendLine("|---|---|---|---|---|---|---|");
    foreach (var fixture in fixtures)
    {
        var ids = mc.Lint(fixture);
        var rules = squawk.Lint(fixture, work.FullName);
        var mcHazards = ids.Select(Hazards.OfMigrationChain).ToHashSet(StringComparer.Ordinal);
        var squawkHazards = rules.Select(Hazards.OfSquawk).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var both = mcHazards.Intersect(squawkHazards).OrderBy(h => h, StringComparer.Ordinal).ToList();
        var onlyMc = mcHazards.Except(squawkHazards).OrderBy(h => h, StringComparer.Ordinal).ToList();
        var onlySquawk = squawkHazards.Except(mcHazards).OrderBy(h => h, StringComparer.Ordinal).ToList();
        agree += onlyMc.Count == 0 && onlySquawk.Count == 0 ? 1 : 0;
        onlyMc.ForEach(h => stricter[h] = stricter.GetValueOrDefault(h) + 1);
        onlySquawk.ForEach(h => quieter[h] = quieter.GetValueOrDefault(h) + 1);
        expectedTotal += fixture.Expected.Count;
        mcRight += fixture.Expected.Count(mcHazards.Contains);
        squawkRight += fixture.Expected.Count(squawkHazards.Contains);
        var squawkText = string.Join(", ", rules.Select(r => Hazards.IsStyle(r) ? $"[{r}]" : r));
        text.AppendLine(CultureInfo.InvariantCulture, $"| {fixture.Name}{(fixture.Transactional ? "" : " (non-tx)")} | {List(fixture.Expected)} | {List(ids)} | {(squawkText.Length == 0 ? "-" : squawkText)} | {List(both)} | {List(onlyMc)} | {List(onlySquawk)} |");
        Console.Error.WriteLine($"{fixture.Name}: MC [{string.Join(' ', ids)}] squawk [{string.Join(' ', rules)}]");
    }

    text.AppendLine();
    text.AppendLine("## Summary");
    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"- fixtures where the two name the same hazards: {agree} of {fixtures.Count}");
    text.AppendLine(CultureInfo.InvariantCulture, $"- expected hazards found: MigrationChain {mcRight} of {expectedTotal}, squawk {squawkRight} of {expectedTotal}");
    text.AppendLine(CultureInfo.InvariantCulture, $"- only MigrationChain (fixtures per hazard): {Counts(stricter)}");
    text.AppendLine(CultureInfo.InvariantCulture, $"- only squawk (fixtures per hazard): {Counts(quieter)}");
    text.AppendLine();
}

static string List(IEnumerable<string> items)
{
    var text = string.Join(", ", items);
    return text.Length == 0 ? "-" : text;
}

static string Counts(Dictionary<string, int> counts) =>
    counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} x{p.Value}"));
