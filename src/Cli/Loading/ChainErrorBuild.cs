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
/// <para>
/// That build writes its intermediate and output files under <c>obj/mchain/</c> of every project it builds (a targets
/// file given as <c>CustomBeforeMicrosoftCommonTargets</c>, which MSBuild passes on to project references), never
/// into the user's <c>obj/</c> and <c>bin/</c>: an assembly compiled with the chain rules lowered there would make the
/// next plain <c>dotnet build</c> skip the compiler as up to date and pass although the chain is still broken.
/// Restore is untouched: the assets file stays in <c>obj/</c>, shared with the user's build.
/// </para>
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
        changed.Add("-p:CustomBeforeMicrosoftCommonTargets=" + SeparateOutputFile());
        return changed;
    }

    private static string RuleSetFile()
    {
        var text = new StringBuilder()
            .Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
            .Append("<RuleSet Name=\"mchain: chain rules as info\" Description=\"Used by mchain to read a chain whose build fails on MC1xxx.\" ToolsVersion=\"16.0\">\n")
            .Append("  <Rules AnalyzerId=\"MigrationChain.Analyzers\" RuleNamespace=\"MigrationChain.Analyzers\">\n")
            .Append(string.Concat(ChainRuleIds.Select(id => $"    <Rule Id=\"{id}\" Action=\"Info\" />\n")))
            .Append("  </Rules>\n</RuleSet>\n")
            .ToString();
        return Keep("chain-rules-as-info.ruleset", text);
    }

    // Imported after the SDK has chosen OutputPath and IntermediateOutputPath (configuration, framework and runtime
    // folders included) and before OutDir is derived from OutputPath: each moves below obj/mchain/ with the same tail,
    // so two configurations or frameworks of one project still get folders of their own.
    private static string SeparateOutputFile() => Keep("separate-output.targets", """
        <Project>
          <!-- Used by mchain's build with the chain rules lowered: nothing of it may land in the user's obj/ or bin/. -->
          <PropertyGroup>
            <_MchainProjectFolder>$([MSBuild]::NormalizeDirectory('$(MSBuildProjectDirectory)'))</_MchainProjectFolder>
            <_MchainRoot>$([MSBuild]::NormalizeDirectory('$(_MchainProjectFolder)', '$(BaseIntermediateOutputPath)', 'mchain'))</_MchainRoot>
            <_MchainObjTail>$([MSBuild]::MakeRelative('$([MSBuild]::NormalizeDirectory('$(_MchainProjectFolder)', '$(BaseIntermediateOutputPath)'))', '$([MSBuild]::NormalizeDirectory('$(_MchainProjectFolder)', '$(IntermediateOutputPath)'))'))</_MchainObjTail>
            <_MchainObjTail Condition="$(_MchainObjTail.StartsWith('..')) or $([System.IO.Path]::IsPathRooted('$(_MchainObjTail)'))">$(Configuration)\$(TargetFramework)\$(RuntimeIdentifier)\</_MchainObjTail>
            <_MchainBinTail>$([MSBuild]::MakeRelative('$([MSBuild]::NormalizeDirectory('$(_MchainProjectFolder)', '$(BaseOutputPath)'))', '$([MSBuild]::NormalizeDirectory('$(_MchainProjectFolder)', '$(OutputPath)'))'))</_MchainBinTail>
            <_MchainBinTail Condition="$(_MchainBinTail.StartsWith('..')) or $([System.IO.Path]::IsPathRooted('$(_MchainBinTail)'))">$(Configuration)\$(TargetFramework)\$(RuntimeIdentifier)\</_MchainBinTail>
            <IntermediateOutputPath>$([MSBuild]::NormalizeDirectory('$(_MchainRoot)', 'obj', '$(_MchainObjTail)'))</IntermediateOutputPath>
            <OutputPath>$([MSBuild]::NormalizeDirectory('$(_MchainRoot)', 'bin', '$(_MchainBinTail)'))</OutputPath>
            <OutDir Condition="'$(OutDir)' != ''">$(OutputPath)</OutDir>
          </PropertyGroup>
        </Project>

        """);

    // Written only when its text differs, so its timestamp does not make every later build recompile.
    private static string Keep(string name, string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mchain-" + Environment.UserName);
        var path = Path.Combine(folder, name);
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
