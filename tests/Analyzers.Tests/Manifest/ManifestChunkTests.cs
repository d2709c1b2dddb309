using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Analyzers.Tests.Verification;

namespace MigrationChain.Analyzers.Tests.Manifest;

/// <summary>
/// A large manifest is written as chunks, a generated file each, summed in the attribute: the built assembly must
/// hold exactly the text the one-literal form held (escapes, quotes, non-ASCII and surrogate pairs included), and an
/// edit must change only the chunks it touches, so an IDE re-parses those alone.
/// </summary>
public class ManifestChunkTests
{
    // Revision ids and values with every character the manifest or the C# literal escapes, non-ASCII, a surrogate
    // pair (🙂), a control character and a line separator.
    private static readonly string[] Odd =
    {
        "r,1", "r\"2", "r\\3", "café", "smile🙂", "bell\u0007", "sep\u2028x", "tab\tid", "plain",
    };

    private static readonly ManifestChunking Small = new(minRows: 1, divisor: 2, maxRows: 3);

    public static TheoryData<int, int, int> Chunkings => new() { { 1, 1, 1 }, { 1, 2, 3 }, { 2, 3, 4 }, { 16, 64, 256 } };

    [Theory]
    [MemberData(nameof(Chunkings))]
    public void TheBuiltAssembly_HoldsTheOneLiteralFormsBytes(int minRows, int divisor, int maxRows)
    {
        var compilation = Chain("Odd", Odd, "/odd dir,1/back\\slash\tfile\"ü.cs");
        var whole = ManifestWriter.Read(compilation, TestContext.Current.CancellationToken)!;
        var oneLiteral = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(ManifestWriter.Source(whole), cancellationToken: TestContext.Current.CancellationToken));

        var (sources, generated) = Generate(compilation, new ManifestChunking(minRows, divisor, maxRows));

        Assert.Equal(minRows >= Odd.Length, sources.Count == 1);
        Assert.Equal(whole, ManifestOf(generated));
        Assert.Equal(AttributeBlob(oneLiteral), AttributeBlob(generated));
    }

    [Fact]
    public void OneChunk_IsTheOneLiteralFile()
    {
        var compilation = Chain("Odd", Odd, "/a.cs");

        var (sources, _) = Generate(compilation, ManifestChunking.Default);

        var source = Assert.Single(sources);
        Assert.Equal(MigrationManifestGenerator.HintName, source.Key);
        Assert.Equal(ManifestWriter.Source(ManifestWriter.Read(compilation, TestContext.Current.CancellationToken)!), source.Value);
    }

    [Fact]
    public void SeveralHundredRows_AreCutIntoChunks_WithTheDefaults()
    {
        var compilation = Chain("Large", Enumerable.Range(0, 600).Select(i => $"r{i:D4}_\"q\"\\t").ToArray(), "/src/Large.cs");

        var (sources, generated) = Generate(compilation, ManifestChunking.Default);

        Assert.InRange(sources.Count, 4, 40);
        Assert.All(sources.Keys.Where(k => k != MigrationManifestGenerator.HintName), k => Assert.Matches(@"^MigrationChainManifest\.[0-9a-f]{16}(_\d+)?\.g\.cs$", k));
        Assert.Equal(ManifestWriter.Read(compilation, TestContext.Current.CancellationToken), ManifestOf(generated));
        Assert.Empty(generated.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>
    /// The package's targets set MigrationChainManifestChunks to false in a build (the chunks' constants would be
    /// compiled into the assembly) and to true in an IDE's design-time build; without it, chunks.
    /// </summary>
    [Theory]
    [InlineData("false", false)]
    [InlineData(" False ", false)]
    [InlineData("true", true)]
    [InlineData(null, true)]
    public void TheBuildProperty_ChoosesOneLiteralOrChunks(string? setting, bool chunked)
    {
        var compilation = Chain("Large", Enumerable.Range(0, 600).Select(i => $"r{i:D4}").ToArray(), "/src/Large.cs");
        var whole = ManifestWriter.Read(compilation, TestContext.Current.CancellationToken)!;

        var driver = CSharpGeneratorDriver.Create(
                new[] { new MigrationManifestGenerator().AsSourceGenerator() },
                optionsProvider: new BuildProperties(setting is null ? new() : new() { [MigrationManifestGenerator.ChunksProperty] = setting }))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _, TestContext.Current.CancellationToken);
        var sources = driver.GetRunResult().Results.Single().GeneratedSources;

        Assert.Equal(chunked, sources.Length > 1);
        if (!chunked)
        {
            Assert.Equal(ManifestWriter.Source(whole), Assert.Single(sources).SourceText.ToString());
        }

        Assert.Equal(whole, ManifestOf(output));
    }

    [Fact]
    public void TwoReadsOfOneChain_AreEqual_AndAnotherPathIsNot()
    {
        var token = TestContext.Current.CancellationToken;
        var first = ManifestWriter.ReadOutput(Chain("Same", Odd, "/a.cs"), token, Small)!;
        var second = ManifestWriter.ReadOutput(Chain("Same", Odd, "/a.cs"), token, Small)!;
        var moved = ManifestWriter.ReadOutput(Chain("Same", Odd, "/b.cs"), token, Small)!;

        Assert.Equal(first, second);
        Assert.Equal(first.Attribute, second.Attribute);
        Assert.NotEqual(first, moved); // same names and lengths, other text: the comparison reads the rows
        Assert.Equal(first.Attribute, moved.Attribute); // the sum names the same chunks
    }

    /// <summary>The bench's edit: one migration's Parent broken. One chunk's file changes; every other output is kept.</summary>
    [Fact]
    public void BreakingOneParent_RewritesOneChunk()
    {
        var files = ChainFiles(300, 10);
        var (before, after, reasons) = EditAndRerun(files, 13, f => f.Replace("Parent = \"m0134\"", "Parent = \"m0134_missing\"", StringComparison.Ordinal));

        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Single(after, s => before[s.Key] != s.Value);
        Assert.Contains("m0134_missing", after.Single(s => before[s.Key] != s.Value).Value, StringComparison.Ordinal);
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
    }

    /// <summary>Chunks end where the rows say, not every n rows: a migration added in the middle leaves the other chunks' text alone.</summary>
    [Fact]
    public void AMigrationAddedInTheMiddle_ChangesTheChunksAroundIt()
    {
        var files = ChainFiles(600, 20);
        var (before, after, _) = EditAndRerun(files, 2, f => f.Replace(
            "[Migration(\"m0051\", Parent = \"m0050\")]",
            "[Migration(\"m0050a\", Parent = \"m0050\")]\npublic sealed class Extra : Migration { public override void Upgrade(MigrationBuilder m) { } }\n[Migration(\"m0051\", Parent = \"m0050a\")]",
            StringComparison.Ordinal));

        var changed = after.Where(s => !before.TryGetValue(s.Key, out var text) || text != s.Value).Select(s => s.Key).ToList();
        Assert.True(before.Count > 5, $"only {before.Count} files");
        Assert.InRange(changed.Count(k => k != MigrationManifestGenerator.HintName), 1, 2);
    }

    /// <summary>Global analyzer options, as a project's CompilerVisibleProperty items make them.</summary>
    private sealed class BuildProperties : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public BuildProperties(Dictionary<string, string> values) => _options = new Options(values);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => _options;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }

    private static (Dictionary<string, string> Sources, Compilation Output) Generate(Compilation compilation, ManifestChunking chunking)
    {
        var driver = CSharpGeneratorDriver.Create(new MigrationManifestGenerator(chunking))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics, TestContext.Current.CancellationToken);
        Assert.Empty(diagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
        return (result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString()), output);
    }

    /// <summary>Runs the generator (default chunking), replaces file <paramref name="edited"/> by its edit, runs it again.</summary>
    private static (Dictionary<string, string> Before, Dictionary<string, string> After, List<IncrementalStepRunReason> Reasons) EditAndRerun(
        IReadOnlyList<string> files, int edited, Func<string, string> edit)
    {
        var trees = files.Select((f, i) => Compilations.Parse(f, $"/Shop/File{i}.cs")).ToList();
        var compilation = CSharpCompilation.Create("Shop", trees, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new MigrationManifestGenerator().AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation, TestContext.Current.CancellationToken);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var changed = compilation.ReplaceSyntaxTree(trees[edited], Compilations.Parse(edit(files[edited]), trees[edited].FilePath));
        driver = driver.RunGenerators(changed, TestContext.Current.CancellationToken);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        var after = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        var reasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        return (before, after, reasons);
    }

    // A linear chain m0000 <- m0001 <- ..., perFile classes to a file.
    private static List<string> ChainFiles(int count, int perFile) =>
        Enumerable.Range(0, count / perFile).Select(f => Sources.File(Enumerable.Range(f * perFile, perFile)
            .Select(i => Sources.Migration($"M{i:D4}", i == 0 ? "\"m0000\"" : $"\"m{i:D4}\", Parent = \"m{i - 1:D4}\"")).ToArray())).ToList();

    private static string ManifestOf(Compilation output) =>
        (string)output.Assembly.GetAttributes().Single(a => a.AttributeClass?.Name == "MigrationChainManifestAttribute").ConstructorArguments[0].Value!;

    /// <summary>The attribute's blob as the built assembly stores it: what the runtime, the CLI and the build task read.</summary>
    private static byte[] AttributeBlob(Compilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        image.Position = 0;
        using var pe = new PEReader(image);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MemberReference
                && metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
                && metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name) == "MigrationChainManifestAttribute")
            {
                return metadata.GetBlobBytes(attribute.Value);
            }
        }

        throw new InvalidOperationException("no manifest attribute");
    }

    // A linear chain of the given ids, one class per id, all in one file at the given path.
    private static Compilation Chain(string assembly, IReadOnlyList<string> ids, string path)
    {
        var text = new System.Text.StringBuilder("using MigrationChain;\n");
        for (var i = 0; i < ids.Count; i++)
        {
            var parent = i == 0 ? string.Empty : $", Parent = {SymbolDisplay.FormatLiteral(ids[i - 1], quote: true)}";
            text.Append($"[Migration({SymbolDisplay.FormatLiteral(ids[i], quote: true)}{parent})]\n")
                .Append($"public sealed class M{i} : Migration {{ public override void Upgrade(MigrationBuilder m) {{ }} }}\n");
        }

        return CSharpCompilation.Create(assembly, new[] { Compilations.Parse(text.ToString(), path) }, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }
}
