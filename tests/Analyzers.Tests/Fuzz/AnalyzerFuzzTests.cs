using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using MigrationChain.Analyzers.CodeFixes.Chain;
using MigrationChain.Analyzers.CodeFixes.Reversibility;
using MigrationChain.Analyzers.CodeFixes.SqlSafety;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Manifest;

namespace MigrationChain.Analyzers.Tests.Fuzz;

public class AnalyzerFuzzTests
{
    private const int Rounds = 60;
    private const int FilesPerRound = 6;
    private const int ClassesPerFile = 10;

    private static readonly CodeFixProvider[] Fixes =
    {
        new SetParentCodeFix(), new AddMergeMigrationCodeFix(), new DowngradeCodeFix(), new ExistenceClauseCodeFix(),
    };

    [Fact]
    public async Task GeneratedAndMutatedMigrations_NeverMakeAnAnalyzerOrTheGeneratorThrow()
    {
        var fuzzer = new MigrationSourceFuzzer(seed: 4_2025);
        var library = await Compilations.LibraryAsync("Fuzz.Base", Sources.File(
            Sources.Migration("Base1", "\"0001_users\""),
            Sources.Migration("Base2", "\"0002_orders\", Parent = \"0001_users\"")));
        var random = new Random(7);
        var reported = 0;
        var manifests = 0;
        var online = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < Rounds; round++)
        {
            var files = Enumerable.Range(0, FilesPerRound)
                .Select(_ => fuzzer.File(ClassesPerFile))
                .Select(file => random.NextDouble() < 0.6 ? fuzzer.Mutate(file) : file)
                .ToArray();
            var compilation = Compilations.Create("Fuzz" + round, files, round % 3 == 0 ? new[] { library } : null);
            var dialect = round % 2 == 0 ? "sqlite" : "postgres";

            var (diagnostics, exceptions) = await Analysis.RunAsync(compilation, Analysis.All, dialect, round % 2 == 1 ? ReleasedLock(compilation, everything: round % 4 == 1) : null);
            Assert.True(exceptions.Count == 0, $"round {round}: {exceptions.FirstOrDefault()}\n{string.Join("\n---\n", files)}");
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            reported += diagnostics.Length;
            online.UnionWith(diagnostics.Where(d => d.Id.StartsWith("MC5", StringComparison.Ordinal)).Select(d => d.Id));

            var (_, _, generatorDiagnostics) = Generation.Run(compilation);
            Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8784" or "CS8785");

            // Whatever the fuzzer wrote, the manifest reads back and writes out to the same text.
            if (ManifestWriter.Read(compilation, TestContext.Current.CancellationToken) is { } manifest)
            {
                var rows = ChainManifestText.Parse(manifest);
                Assert.True(rows is not null, $"round {round}: the manifest does not parse:\n{manifest}");
                Assert.Equal(manifest, ChainManifestText.Write(rows!));
                // Cut into chunks of a few rows, the generator's files compile to the same text.
                CSharpGeneratorDriver.Create(new MigrationManifestGenerator(new ManifestChunking(1, 3, 5)))
                    .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _, TestContext.Current.CancellationToken);
                Assert.Equal(manifest, output.Assembly.GetAttributes().Single(a => a.AttributeClass?.Name == "MigrationChainManifestAttribute").ConstructorArguments[0].Value);
                manifests++;
            }

            if (round % 6 == 0)
            {
                await ApplyFixesAsync(files, diagnostics, dialect);
            }
        }

        Assert.True(manifests >= Rounds / 2, $"only {manifests} rounds wrote a manifest");
        Assert.True(fuzzer.ClassesWritten >= 3_000, $"only {fuzzer.ClassesWritten} classes");
        Assert.True(reported > 1_000, $"the fuzzer reached too few diagnostics ({reported}) to exercise the analyzers");
        Assert.True(online.Count >= 10, $"the fuzzer reached only these online-safety rules: {string.Join(", ", online.Order(StringComparer.Ordinal))}");
    }

    /// <summary>Offers and applies the code fixes for a sample of the round's diagnostics; none may throw.</summary>
    private static async Task ApplyFixesAsync(string[] files, ImmutableArray<Diagnostic> diagnostics, string dialect)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.CurrentSolution
            .AddProject("Fuzz", "Fuzz", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithMetadataReferences(TestReferences.All);
        for (var i = 0; i < files.Length; i++)
        {
            project = project.AddDocument($"File{i}.cs", files[i], filePath: $"/Fuzz/File{i}.cs").Project;
        }

        var compilation = (await project.GetCompilationAsync(TestContext.Current.CancellationToken))!;
        var (fresh, _) = await Analysis.RunAsync(compilation, Analysis.All, dialect);
        var token = TestContext.Current.CancellationToken;
        foreach (var diagnostic in fresh.Where(d => d.Location.IsInSource).Take(40))
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), token));
                foreach (var action in actions)
                {
                    await action.GetOperationsAsync(token);
                }
            }
        }
    }

    /// <summary>
    /// A lock that releases every migration the fuzzed files declare (or, for the MC5xxx chain judgement, only the
    /// first half), with checksums that never match, so MC4004's comparison runs on whatever the fuzzer wrote (ids
    /// with spaces or commas make lines the lock cannot read: fine).
    /// </summary>
    private static string ReleasedLock(Microsoft.CodeAnalysis.Compilation compilation, bool everything)
    {
        var infos = compilation.SyntaxTrees
            .SelectMany(t => MigrationChain.Analyzers.Facts.TreeFacts.Of(t, TestContext.Current.CancellationToken).Migrations)
            .Select(m => m.SyntacticRevisionInfo)
            .OfType<RevisionInfo>()
            .ToList();
        var lines = infos.Select(i => $"{i.Revision} {(i.Parents.Count == 0 ? "-" : string.Join(",", i.Parents))} {(i.Revision.Length % 2 == 0 ? "src:00" : "il:00")}");
        return "migrationchain-lock 2\n" + string.Join("\n", lines) + "\nreleased " + string.Join(" ", infos.Take(everything ? infos.Count : infos.Count / 2).Select(i => i.Revision)) + "\nheads\n";
    }
}
