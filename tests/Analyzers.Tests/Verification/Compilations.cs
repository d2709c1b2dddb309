using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MigrationChain.Analyzers.Manifest;

namespace MigrationChain.Analyzers.Tests.Verification;

/// <summary>Compiles code the way a build would, for tests that need a referenced assembly or a raw compilation.</summary>
internal static class Compilations
{
    /// <summary>Parses a file of test source, cancellable with the test.</summary>
    public static SyntaxTree Parse(string text, string path = "") =>
        CSharpSyntaxTree.ParseText(text, CSharpParseOptions.Default, path, cancellationToken: TestContext.Current.CancellationToken);

    public static CSharpCompilation Create(string assemblyName, IEnumerable<string> sources, IEnumerable<MetadataReference>? extraReferences = null) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => Parse(s, $"/{assemblyName}/File{i}.cs")),
            TestReferences.All.AddRange(extraReferences ?? Enumerable.Empty<MetadataReference>()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>
    /// A library of migrations, compiled with MigrationChain's generator as a real build would, and returned as a
    /// metadata reference. Fails the test if the library does not compile.
    /// </summary>
    public static Task<MetadataReference> LibraryAsync(string assemblyName, params string[] sources)
    {
        var compilation = Create(assemblyName, sources);
        CSharpGeneratorDriver.Create(new MigrationManifestGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics, TestContext.Current.CancellationToken);
        Assert.Empty(generatorDiagnostics);

        using var image = new MemoryStream();
        var result = generated.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return Task.FromResult<MetadataReference>(MetadataReference.CreateFromImage(image.ToArray()));
    }
}
