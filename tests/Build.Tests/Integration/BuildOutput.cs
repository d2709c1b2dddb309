using System.IO;
using System.Text.RegularExpressions;
using MigrationChain.Testing.Support;

namespace MigrationChain.Build.Tests.Integration;

/// <summary>Assertions on what a real build printed.</summary>
internal static class BuildOutput
{
    public const string TaskSkipped = "Skipping target \"MigrationChainCheck\" because all output files are up-to-date";

    public static void Succeeded(ProcessResult build) => Assert.True(build.ExitCode == 0, $"The build failed:\n{build}");

    public static void Failed(ProcessResult build) => Assert.True(build.ExitCode != 0, $"The build succeeded:\n{build}");

    /// <summary>The canonical <c>file(line,col): error MCnnnn:</c> line, pointing at <paramref name="file"/> and <paramref name="line"/>.</summary>
    public static string ErrorAt(ProcessResult build, string id, string file, int line)
    {
        var pattern = Regex.Escape(file) + $@"\({line},\d+\): error {id}: [^\r\n]*";
        var match = Regex.Match(build.Output, pattern);
        Assert.True(match.Success, $"No '{file}({line},col): error {id}' in the build output:\n{build}");
        return match.Value;
    }

    public static void TaskRan(ProcessResult build, int migrations) =>
        Assert.True(build.Output.Contains($"MigrationChain: checked {migrations} migration(s)", StringComparison.Ordinal), $"The task did not run:\n{build}");

    public static DateTime Written(string path) => File.GetLastWriteTimeUtc(path);
}
