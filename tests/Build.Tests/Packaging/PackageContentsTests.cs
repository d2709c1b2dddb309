using System.IO;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MigrationChain.Build.Tests.Integration;

namespace MigrationChain.Build.Tests.Packaging;

/// <summary>
/// The packages as a NuGet user receives them: read from the one pack of the run (<see cref="PackageFeed"/>), never
/// packed again. A README each, the project's addresses, symbols a debugger can use (matching PDBs, /_/ paths,
/// SourceLink), and the special layouts of the analyzer, build and tool packages.
/// </summary>
public partial class PackageContentsTests(PackageFeed feed)
{
    private const string Repository = "https://github.com/migrationchain/migrationchain";

    public static readonly TheoryData<string> Packages = new()
    {
        "MigrationChain.Runtime", "MigrationChain.Rules", "MigrationChain.Analyzers", "MigrationChain.Build",
        "MigrationChain.Cli", "MigrationChain.Testing", "MigrationChain.Hosting",
    };

    /// <summary>Every package but the analyzers, whose assemblies live under analyzers/ and embed their PDBs instead.</summary>
    public static readonly TheoryData<string> PackagesWithSymbolPackages = new()
    {
        "MigrationChain.Runtime", "MigrationChain.Rules", "MigrationChain.Build", "MigrationChain.Cli",
        "MigrationChain.Testing", "MigrationChain.Hosting",
    };

    [Fact]
    public void Packing_ReportsNoWarnings_AndNoMissingReadme()
    {
        var output = feed.Pack.All;
        Assert.True(output.Length > 0, "the pack printed nothing; did it run?");
        var warnings = WarningLine().Matches(output).Select(m => m.Value.Trim()).Distinct().ToList();
        Assert.True(warnings.Count == 0, "pack warned:\n" + string.Join("\n", warnings));
        Assert.DoesNotContain("missing a readme", output, StringComparison.OrdinalIgnoreCase);

        var packed = Directory.GetFiles(feed.Folder, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(Packages.Select(p => $"{p.Data}.{feed.Version}.nupkg").Order(StringComparer.Ordinal), packed);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Package_ContainsItsReadme_DeclaresIt_AndNamesTheProject(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var readme = Text(package, "README.md");
        Assert.StartsWith($"# {id}\n", readme, StringComparison.Ordinal);
        Assert.Contains("## Start", readme, StringComparison.Ordinal);

        var metadata = Nuspec(package, id);
        Assert.Equal("README.md", Element(metadata, "readme"));
        Assert.Equal(Repository, Element(metadata, "projectUrl"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(Repository, (string?)repository.Attribute("url"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
        var tags = Element(metadata, "tags").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("migrations", tags);
    }

    [Theory]
    [MemberData(nameof(PackagesWithSymbolPackages))]
    public void SymbolPackage_HoldsAMatchingPdbForEachOfOurAssemblies_WithDeterministicPathsAndSourceLink(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        using var symbols = ZipFile.OpenRead(feed.PackagePath(id, ".snupkg"));
        var ours = package.Entries
            .Select(e => e.FullName)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal) && IsOurs(Path.GetFileName(p)))
            .ToList();
        Assert.NotEmpty(ours);

        foreach (var assembly in ours)
        {
            // A ReadyToRun image (runtimes/<rid>/lib/net10.0/) is compiled from the lib/ build and keeps its PDB.
            var pdbPath = Path.ChangeExtension(LibAssemblyOf(package, assembly), ".pdb");
            var pdb = PdbFacts.FromPdb(Read(symbols, pdbPath));
            Assert.True(
                PdbFacts.ExpectedBy(Read(package, assembly)) == pdb.Id,
                $"{id}: {pdbPath} in the symbol package is not the PDB {assembly} was built with");
            pdb.AssertDeterministicWithSourceLink($"{id}: {pdbPath}");
        }
    }

    [Theory]
    [InlineData("MigrationChain.Runtime")]
    [InlineData("MigrationChain.Rules")]
    public void RuntimeAndRules_CarryAReadyToRunImageOfTheirOwnBuild_ForEachRid_InTheFormatThisRuntimeUses(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var images = package.Entries.Select(e => e.FullName).Where(p => p.StartsWith("runtimes/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier != "linux-x64")
        {
            // Images are compiled only where the packing machine is linux-x64 (src/ReadyToRunImages.targets).
            Assert.Empty(images);
            return;
        }

        var expected = ReadyToRunImageFacts.Rids.ToDictionary(rid => $"runtimes/{rid}/lib/net10.0/{id}.dll", rid => rid);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), images);
        foreach (var (image, rid) in expected)
        {
            ReadyToRunImageFacts.AssertImageOf(Read(package, LibAssemblyOf(package, image)), Read(package, image), rid, $"{id}: {image}");
        }
    }

    [Fact]
    public void AnalyzerPackage_KeepsItsLayout_AndItsAssembliesEmbedDeterministicPdbs()
    {
        const string id = "MigrationChain.Analyzers";
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var assemblies = package.Entries.Select(e => e.FullName).Where(p => p.StartsWith("analyzers/", StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "analyzers/dotnet/cs/MigrationChain.Analyzers.CodeFixes.dll", "analyzers/dotnet/cs/MigrationChain.Analyzers.dll" }, assemblies);
        Assert.DoesNotContain(package.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
        Assert.False(File.Exists(feed.PackagePath(id, ".snupkg")), "an analyzer package has no lib/ assemblies for a symbol package to match");

        var metadata = Nuspec(package, id);
        Assert.Equal("true", Element(metadata, "developmentDependency"));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies" && e.HasElements);

        foreach (var assembly in assemblies)
        {
            PdbFacts.FromEmbedded(Read(package, assembly)).AssertDeterministicWithSourceLink($"{id}: {assembly}");
        }
    }

    [Fact]
    public void AnalyzerPackage_CarriesAReadyToRunImageOfItsAnalyzers_OutsideAnyAssetFolder_AndTheTargetsThatPickIt()
    {
        const string id = "MigrationChain.Analyzers";
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var files = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var targets in new[] { "build/MigrationChain.Analyzers.targets", "buildTransitive/MigrationChain.Analyzers.targets" })
        {
            Assert.Contains(targets, files);
        }

        Assert.Contains("readytorun/", Text(package, "build/MigrationChain.Analyzers.targets"), StringComparison.Ordinal);
        var images = files.Where(f => f.StartsWith("readytorun/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier != "linux-x64")
        {
            Assert.Empty(images);
            return;
        }

        // Only the analyzers, one per RID: the code fixes are loaded by the IDE, which runs the IL build anyway.
        var expected = ReadyToRunImageFacts.Rids.ToDictionary(rid => $"readytorun/{rid}/MigrationChain.Analyzers.dll", rid => rid);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), images);
        var il = Read(package, "analyzers/dotnet/cs/MigrationChain.Analyzers.dll");
        foreach (var (image, rid) in expected)
        {
            ReadyToRunImageFacts.AssertImageOf(il, Read(package, image), rid, $"{id}: {image}");
        }
    }

    [Fact]
    public void BuildPackage_KeepsTasksAndBuildFolders_AndNoLib()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath("MigrationChain.Build"));
        var files = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in new[]
        {
            "tasks/net472/MigrationChain.Build.dll", "tasks/net472/System.Reflection.Metadata.dll", "tasks/net8.0/MigrationChain.Build.dll",
            "build/MigrationChain.Build.props", "build/MigrationChain.Build.targets",
            "buildTransitive/MigrationChain.Build.props", "buildTransitive/MigrationChain.Build.targets",
        })
        {
            Assert.Contains(expected, files);
        }

        Assert.DoesNotContain(files, f => f.StartsWith("lib/", StringComparison.Ordinal));
        // The net8.0 task must not ship a System.Reflection.Metadata that could shadow the host's.
        Assert.DoesNotContain("tasks/net8.0/System.Reflection.Metadata.dll", files);
    }

    [Fact]
    public void ToolPackage_IsADotnetTool_NamedMchain()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath("MigrationChain.Cli"));
        var files = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("tools/net8.0/any/mchain.dll", files);
        var settings = XDocument.Parse(Text(package, "tools/net8.0/any/DotnetToolSettings.xml"));
        Assert.Equal("mchain", settings.Descendants("Command").Single().Attribute("Name")?.Value);
        var packageTypes = Nuspec(package, "MigrationChain.Cli").Descendants().Where(e => e.Name.LocalName == "packageType");
        Assert.Contains(packageTypes, t => (string?)t.Attribute("name") == "DotnetTool");
    }

    /// <summary>The build an assembly of the package is: itself, or for a runtimes/ image the lib/net8.0 IL it was compiled from.</summary>
    private static string LibAssemblyOf(ZipArchive package, string assembly)
    {
        if (!assembly.StartsWith("runtimes/", StringComparison.Ordinal))
        {
            return assembly;
        }

        var il = "lib/net8.0/" + Path.GetFileName(assembly);
        Assert.NotNull(package.GetEntry(il));
        return il;
    }

    private static byte[] Read(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the package");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A packed text file, without the byte order mark NuGet writes before XML.</summary>
    private static string Text(ZipArchive package, string path) => Encoding.UTF8.GetString(Read(package, path)).TrimStart('\uFEFF');

    private static bool IsOurs(string fileName) =>
        fileName.StartsWith("MigrationChain.", StringComparison.Ordinal) || fileName == "mchain.dll";

    private static XElement Nuspec(ZipArchive package, string id)
    {
        var nuspec = XDocument.Parse(Text(package, id + ".nuspec"));
        return nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Element(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value
        ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>");

    // MSBuild's canonical diagnostic form: "...: warning NU5039: ..." (the code is optional for some tasks).
    [GeneratedRegex(@"^.*:\s*warning\s*[A-Z]*\d*\s*:.*$", RegexOptions.Multiline)]
    private static partial Regex WarningLine();
}
