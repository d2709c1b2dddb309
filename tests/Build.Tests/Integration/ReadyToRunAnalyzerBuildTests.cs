using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using static MigrationChain.Build.Tests.Integration.BuildOutput;

namespace MigrationChain.Build.Tests.Integration;

/// <summary>
/// The analyzer package's ReadyToRun image through a real build from the packed packages: the compiler on .NET on the
/// image's RID gets the image in place of the IL build (and still reports our diagnostics from it); with
/// -p:MigrationChainAnalyzersReadyToRun=false, in a design-time build, or on a RID the package has no image for, it
/// gets the IL build; an SDK of another RID the package has an image for gets that RID's. One consumer, two builds
/// and three evaluations of its analyzers.
/// </summary>
public partial class ReadyToRunAnalyzerBuildTests(PackageFeed feed)
{
    private const string Image = "readytorun/linux-x64/MigrationChain.Analyzers.dll";
    private const string IL = "analyzers/dotnet/cs/MigrationChain.Analyzers.dll";

    [Fact]
    public async Task CompilerOnDotnet_UsesTheImage_AndReportsFromIt_TheOptOutUsesTheILBuild()
    {
        using var consumer = new Consumer(feed);
        consumer.Project("App");
        // Prints the analyzer assemblies the compile is given, after NuGet's and our targets have settled them.
        var project = consumer.Read("App/App.csproj").Replace("</Project>", """
              <Target Name="PrintAnalyzers" AfterTargets="CoreCompile">
                <Message Importance="high" Text="ANALYZER: %(Analyzer.FullPath)" />
              </Target>
            </Project>
            """, StringComparison.Ordinal);
        consumer.Write("App/App.csproj", project);
        consumer.Migration("App", "M0001", "0001_init");
        var addColumn = consumer.Migration("App", "M0002", "0002_note", "0001_init", "ALTER TABLE m0001 ADD COLUMN note TEXT");

        var image = await consumer.BuildAsync("App", ci: false, "--no-incremental");
        Succeeded(image);
        var expected = RuntimeInformation.RuntimeIdentifier == "linux-x64" ? Image : IL;
        Assert.Equal(expected, OurAnalyzer(image.Output));
        WarningAt(image.Output, addColumn);
        // The compiler loaded every analyzer of the image and ran it without an exception.
        Assert.DoesNotContain("warning CS8032", image.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", image.Output, StringComparison.Ordinal);

        var optOut = await consumer.BuildAsync("App", ci: false, "--no-incremental", "-p:MigrationChainAnalyzersReadyToRun=false");
        Succeeded(optOut);
        Assert.Equal(IL, OurAnalyzer(optOut.Output));
        WarningAt(optOut.Output, addColumn);

        // A design-time build (what an IDE asks for) keeps the package's layout: its code fixes load beside the IL build.
        var designTime = await consumer.BuildAsync("App", ci: false, "-t:ResolveReferences", "-getItem:Analyzer", "-p:DesignTimeBuild=true", "-getProperty:MigrationChainManifestChunks");
        Succeeded(designTime);
        Assert.Equal(IL, OurAnalyzer(designTime.Output));
        // ... and the generator writes a large manifest in chunks there, as one literal in a build (docs/analyzers.md).
        Assert.Contains("\"MigrationChainManifestChunks\": \"true\"", designTime.Output, StringComparison.Ordinal);
        var build = await consumer.BuildAsync("App", ci: false, "--no-restore", "-getProperty:MigrationChainManifestChunks", "-getItem:CompilerVisibleProperty");
        Succeeded(build);
        Assert.Contains("\"MigrationChainManifestChunks\": \"false\"", build.Output, StringComparison.Ordinal);
        Assert.Contains("\"Identity\": \"MigrationChainManifestChunks\"", build.Output, StringComparison.Ordinal);

        // The SDK's RID picks the image: another RID's own where the package has one, the IL build where it has none
        // (evaluated with the RID overridden, as an SDK for that RID would set it; no compile).
        foreach (var (rid, expectedImage) in new[]
        {
            ("win-x64", "readytorun/win-x64/MigrationChain.Analyzers.dll"),
            ("linux-musl-x64", IL),
        })
        {
            var other = await consumer.BuildAsync("App", ci: false, "--no-restore", "-t:ResolveReferences", "-getItem:Analyzer", $"-p:NETCoreSdkRuntimeIdentifier={rid}");
            Succeeded(other);
            Assert.Equal(RuntimeInformation.RuntimeIdentifier == "linux-x64" ? expectedImage : IL, OurAnalyzer(other.Output));
        }
    }

    /// <summary>Where the compile's MigrationChain.Analyzers.dll comes from, relative to the package folder; exactly one.</summary>
    private static string OurAnalyzer(string output)
    {
        var ours = AnalyzerLine().Matches(output).Select(m => m.Groups["path"].Value.Trim().Replace('\\', '/'))
            .Where(p => p.EndsWith("/MigrationChain.Analyzers.dll", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(ours.Count == 1, "expected one MigrationChain.Analyzers.dll among the compile's analyzers, got:\n" + string.Join("\n", ours) + "\n" + output);
        // .../migrationchain.analyzers/<version>/<folder in the package>
        var path = ours[0];
        var package = path.IndexOf("/migrationchain.analyzers/", StringComparison.Ordinal);
        Assert.True(package >= 0, "not from the package: " + path);
        var version = path.IndexOf('/', package + "/migrationchain.analyzers/".Length);
        return path[(version + 1)..];
    }

    private static void WarningAt(string output, string file) =>
        Assert.Matches(Regex.Escape(file) + $@"\(\d+,\d+\): warning {RuleIds.AddColumnWithoutIfNotExists}: ", output);

    // The PrintAnalyzers message, or the "Identity" of an Analyzer item in -getItem's JSON.
    [GeneratedRegex(@"(?:ANALYZER: |""Identity"": "")(?<path>[^\r\n""]+)")]
    private static partial Regex AnalyzerLine();
}
