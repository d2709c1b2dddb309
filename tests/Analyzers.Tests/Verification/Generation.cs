using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Analyzers.Manifest;

namespace MigrationChain.Analyzers.Tests.Verification;

/// <summary>Runs the manifest generator on a compilation and hands back what it wrote.</summary>
internal static class Generation
{
    public static (string? Source, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create(new MigrationManifestGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics, TestContext.Current.CancellationToken);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        var source = result.GeneratedSources.SingleOrDefault(s => s.HintName == MigrationManifestGenerator.HintName);
        return (source.SourceText?.ToString(), output, diagnostics);
    }

    /// <summary>The checksum the generator writes for the single migration of <paramref name="source"/>.</summary>
    public static string ChecksumOf(string source) =>
        MigrationChecksum.Compute(TreeFacts.Of(Compilations.Parse(source), TestContext.Current.CancellationToken).Migrations.Single());
}
