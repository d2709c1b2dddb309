using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MigrationChain.Analyzers.Manifest;
using static MigrationChain.Analyzers.Tests.Verification.Sources;

namespace MigrationChain.Analyzers.Tests.Manifest;

/// <summary>
/// The manifest is implementation output: a build writes it, a host that only needs semantics (an IDE) may skip it,
/// so a keystroke there does not make the compiler bind one assembly attribute per migration again.
/// </summary>
public class ImplementationOutputTests
{
    private static GeneratorDriverRunResult Run(IncrementalGeneratorOutputKind disabled)
    {
        var compilation = Compilations.Create("Shop", new[] { File(Migration("M1", "\"0001\""), Migration("M2", "\"0002\", Parent = \"0001\"")) });
        return CSharpGeneratorDriver.Create(
                new[] { new MigrationManifestGenerator().AsSourceGenerator() },
                driverOptions: new GeneratorDriverOptions(disabled))
            .RunGenerators(compilation, TestContext.Current.CancellationToken)
            .GetRunResult();
    }

    [Fact]
    public void ABuild_GetsTheManifest()
    {
        var result = Run(IncrementalGeneratorOutputKind.None).Results.Single();

        Assert.Null(result.Exception);
        Assert.Contains(result.GeneratedSources, s => s.HintName == MigrationManifestGenerator.HintName);
    }

    [Fact]
    public void AHostThatSkipsImplementationOutput_GetsNoManifest()
    {
        var result = Run(IncrementalGeneratorOutputKind.Implementation).Results.Single();

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
    }
}
