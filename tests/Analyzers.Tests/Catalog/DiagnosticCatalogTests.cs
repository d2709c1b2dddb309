using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Tests.Catalog;

/// <summary>
/// Every rule id has what a user who meets it needs, and they agree: a docs page, a README row, a help link to the
/// page, and one severity everywhere (the descriptor, the rule that decides it, the README, the page, the release
/// tracking file).
/// </summary>
public class DiagnosticCatalogTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in AllIds())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void CatalogIsNotEmpty_AndIdsAreUnique()
    {
        var ids = AllIds();
        Assert.Contains(RuleIds.ReleasedMigrationEdited, ids);
        Assert.True(ids.Count >= 17, string.Join(", ", ids));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryId_HasItsDocsPage_AndAHelpLinkToIt(string id)
    {
        var page = Path.Combine(Root, "docs", "diagnostics", id + ".md");

        Assert.True(File.Exists(page), $"{id} has no docs/diagnostics/{id}.md");
        Assert.StartsWith($"# {id}: ", File.ReadLines(page).First(), StringComparison.Ordinal);
        Assert.EndsWith($"/docs/diagnostics/{id}.md", RuleIds.HelpLink(id), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryId_HasAReadmeRow_WhoseSeverityMatchesTheDocsPageAndTheDescriptor(string id)
    {
        var row = Regex.Match(File.ReadAllText(Path.Combine(Root, "README.md")), $@"^\| \[{id}\]\(docs/diagnostics/{id}\.md\) \| (?<severity>[^|]+) \|", RegexOptions.Multiline);
        Assert.True(row.Success, $"README.md has no diagnostics-table row for {id}");
        var readme = FirstWord(row.Groups["severity"].Value);

        var pageRow = Regex.Match(File.ReadAllText(Path.Combine(Root, "docs", "diagnostics", id + ".md")), @"^\| Severity \| (?<severity>[^|]+) \|", RegexOptions.Multiline);
        Assert.True(pageRow.Success, $"docs/diagnostics/{id}.md has no Severity row");
        Assert.Equal(readme, FirstWord(pageRow.Groups["severity"].Value));

        if (Descriptor(id) is { } descriptor)
        {
            Assert.Equal(readme, descriptor.DefaultSeverity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Info => "info",
                DiagnosticSeverity.Hidden => "hidden",
                _ => "warning",
            });
        }
        else
        {
            // Reported by the MSBuild task only (MC4001-MC4003): always errors.
            Assert.Equal("error", readme);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void ChainRuleSeverity_IsTheRulesOwn(string id)
    {
        if (!id.StartsWith("MC1", StringComparison.Ordinal))
        {
            return;
        }

        var expected = ChainValidator.SeverityOf(id) == ChainSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        Assert.Equal(expected, Descriptor(id)!.DefaultSeverity);
    }

    [Fact]
    public void EveryDescriptor_HasItsHelpLink_AndAReleaseTrackingRowWithItsSeverity()
    {
        var tracking = File.ReadAllText(Path.Combine(Root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors())
        {
            Assert.Contains(descriptor.Id, AllIds());
            Assert.Equal(RuleIds.HelpLink(descriptor.Id), descriptor.HelpLinkUri);
            Assert.Matches(new Regex($@"^{descriptor.Id} \| {descriptor.Category} \| {descriptor.DefaultSeverity} \|", RegexOptions.Multiline), tracking);
        }
    }

    [Fact]
    public void EveryAnalyzer_ReportsOnlyCatalogDescriptors()
    {
        var catalog = Descriptors().ToHashSet();
        var analyzers = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();

        Assert.NotEmpty(analyzers);
        Assert.All(analyzers.SelectMany(a => a.SupportedDiagnostics), d => Assert.Contains(d, catalog));
        Assert.Equal(catalog.Select(d => d.Id).Order(), analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Order());
    }

    private static List<string> AllIds() =>
        typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => v.StartsWith("MC", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static List<DiagnosticDescriptor> Descriptors() =>
        typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    private static DiagnosticDescriptor? Descriptor(string id) => Descriptors().SingleOrDefault(d => d.Id == id);

    private static string FirstWord(string text) => text.Trim().Split(' ')[0].ToLowerInvariant();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Analyzers.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Analyzers.sln) is not above " + AppContext.BaseDirectory);
    }
}
