using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MigrationChain.Analyzers.Manifest;

namespace MigrationChain.Benchmarks.OnlineSafety;

/// <summary>
/// Runs every MigrationChain analyzer over generated migrations (one per fixture, its SQL as one verbatim literal)
/// through <see cref="CompilationWithAnalyzers"/>, as a build or an IDE would.
/// </summary>
internal sealed class MigrationChainLint
{
    private readonly List<MetadataReference> _references;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

    public MigrationChainLint(string repository, string referencePack)
    {
        _references = Directory.GetFiles(referencePack, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();
        _references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Runtime/bin/Release/net8.0/MigrationChain.Runtime.dll")));
        _references.Add(MetadataReference.CreateFromFile(Path.Combine(repository, "src/Rules/bin/Release/net8.0/MigrationChain.Rules.dll")));
        _analyzers = typeof(MigrationManifestGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    public int AnalyzerCount => _analyzers.Length;

    /// <summary>
    /// The SQL-safety ids (MC3xxx, MC5xxx) reported on one fixture's migration; chain and reversibility ids are not the
    /// subject. MC3001 (a table no migration of the chain creates) is left out too: a fixture is one migration against
    /// tables that exist in production, so it would fire on nearly every fixture, and squawk has nothing like it.
    /// </summary>
    public IReadOnlyList<string> Lint(Fixture fixture)
    {
        var compilation = Compile(new[] { MigrationSource(fixture, "f0001", parent: null) });
        return Diagnostics(compilation).Select(d => d.Id).Where(id => (id.StartsWith("MC3", StringComparison.Ordinal) && id != "MC3001") || id.StartsWith("MC5", StringComparison.Ordinal)).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A linear chain of <paramref name="copies"/> copies of every fixture, one migration per file.</summary>
    public CSharpCompilation Corpus(IReadOnlyList<Fixture> fixtures, int copies)
    {
        var sources = new List<string>();
        string? parent = null;
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var fixture in fixtures)
            {
                var revision = $"r{sources.Count:D5}";
                sources.Add(MigrationSource(fixture, revision, parent));
                parent = revision;
            }
        }

        return Compile(sources);
    }

    /// <summary>The compiler's own diagnostics of every tree: the baseline the analyzers' cost is added to.</summary>
    public static int CompilerOnly(CSharpCompilation compilation) => compilation.GetDiagnostics().Length;

    public ImmutableArray<Diagnostic> Diagnostics(CSharpCompilation compilation)
    {
        // Sequential analysis: the throughput is measured on one core.
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers(_analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash)
        {
            throw new InvalidOperationException("An analyzer threw (AD0001): " + crash.GetMessage());
        }

        return diagnostics;
    }

    private CSharpCompilation Compile(IEnumerable<string> sources) =>
        CSharpCompilation.Create(
            "OnlineSafetyFixtures",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, CSharpParseOptions.Default, $"Migrations/M{i:D5}.cs", Encoding.UTF8)),
            _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static string MigrationSource(Fixture fixture, string revision, string? parent)
    {
        var arguments = new List<string> { $"\"{revision}\"" };
        if (parent is not null)
        {
            arguments.Add($"Parent = \"{parent}\"");
        }

        if (!fixture.Transactional)
        {
            arguments.Add("Transactional = false");
        }

        return $$"""
            using MigrationChain;

            [Migration({{string.Join(", ", arguments)}})]
            public sealed class M_{{revision}} : Migration
            {
                public override void Upgrade(MigrationBuilder m) => m.Sql(@"{{fixture.Sql.Replace("\"", "\"\"", StringComparison.Ordinal)}}");

            }
            """;
    }
}
