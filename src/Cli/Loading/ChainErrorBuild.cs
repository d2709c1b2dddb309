using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// A build whose only errors are the chain rules' (MC1001-MC1008) still has a chain worth showing: the commands that
/// read it build once more with those rules off, through switches every MigrationChain consumer honours. The rules
/// themselves do not move: the tool checks the loaded chain with them as it always does.
/// </summary>
/// <remarks>
/// <c>MigrationChainCheckChain=false</c> skips MigrationChain.Build's chain check (the task) and nothing else, and a
/// rule set lowers the chain rules to info for the analyzers, however they are referenced: info is never raised to an
/// error, not even by <c>TreatWarningsAsErrors</c>. The source generator still runs, so the assemblies keep their
/// chain manifests and source locations. Every other error, a C# compile error first, still fails the build.
/// </remarks>
internal static partial class ChainErrorBuild
{
    /// <summary>The chain rules' ids, the only errors this build may set aside.</summary>
    public static readonly IReadOnlyList<string> ChainRuleIds = new[]
    {
        RuleIds.SecondRoot, RuleIds.UnknownRevision, RuleIds.MultipleHeads, RuleIds.DuplicateRevision,
        RuleIds.Cycle, RuleIds.InvalidDeclaration, RuleIds.MalformedMerge, RuleIds.RedundantMergeParent,
    };

    /// <summary>The distinct error lines of an MSBuild log (MSBuild repeats them in its summary).</summary>
    public static IEnumerable<string> Errors(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => ErrorLine().IsMatch(l)).Distinct(StringComparer.Ordinal);

    /// <summary>The chain rules the build failed on, when they are all it failed on; otherwise none.</summary>
    public static IReadOnlyList<string> OnlyChainErrors(string output)
    {
        var ids = Errors(output).Select(l => ErrorLine().Match(l).Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();
        return ids.Count > 0 && ids.All(id => ChainRuleIds.Contains(id, StringComparer.Ordinal))
            ? ids.Order(StringComparer.Ordinal).ToList()
            : Array.Empty<string>();
    }

    /// <summary>The same MSBuild command line, with the chain rules off.</summary>
    public static List<string> WithChainErrorsOff(IEnumerable<string> arguments)
    {
        var changed = arguments.ToList();
        changed.Add("-p:MigrationChainCheckChain=false");
        changed.Add("-p:CodeAnalysisRuleSet=" + RuleSetFile());
        return changed;
    }

    // Written only when its text differs, so its timestamp does not make every later build recompile.
    private static string RuleSetFile()
    {
        var text = new StringBuilder()
            .Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
            .Append("<RuleSet Name=\"mchain: chain rules as info\" Description=\"Used by mchain to read a chain whose build fails on MC1xxx.\" ToolsVersion=\"16.0\">\n")
            .Append("  <Rules AnalyzerId=\"MigrationChain.Analyzers\" RuleNamespace=\"MigrationChain.Analyzers\">\n")
            .Append(string.Concat(ChainRuleIds.Select(id => $"    <Rule Id=\"{id}\" Action=\"Info\" />\n")))
            .Append("  </Rules>\n</RuleSet>\n")
            .ToString();
        var folder = Path.Combine(Path.GetTempPath(), "mchain-" + Environment.UserName);
        var path = Path.Combine(folder, "chain-rules-as-info.ruleset");
        Directory.CreateDirectory(folder);
        if (!File.Exists(path) || !string.Equals(File.ReadAllText(path), text, StringComparison.Ordinal))
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }

    [GeneratedRegex(@": error( (?<id>[A-Za-z]+[0-9]+))?\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorLine();
}
