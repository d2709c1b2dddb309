using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MigrationChain.Build.Benchmarks;

/// <summary>
/// A consumer project that imports the task's props and targets (as the package would) and references the
/// 10,000-migration assembly set; built with real 'dotnet build' processes.
/// </summary>
internal sealed class IncrementalBuild
{
    private static readonly Regex TargetTime = new(@"^\s*(\d+) ms\s+(MigrationChain\w+)\s+\d+ calls", RegexOptions.Multiline);

    private readonly string _folder;
    private readonly string _project;

    public IncrementalBuild(string folder, string repositoryRoot, AssemblySet references)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Program.cs"), "internal static class Program { private static void Main() { } }\n");
        var build = Path.Combine(repositoryRoot, "src", "Build", "build");
        var referenceItems = string.Concat(references.Paths
            .Append(Path.Combine(AppContext.BaseDirectory, "MigrationChain.Runtime.dll"))
            .Append(Path.Combine(AppContext.BaseDirectory, "MigrationChain.Rules.dll"))
            .Select(p => $"    <Reference Include=\"{p}\" />\n"));
        _project = Path.Combine(folder, "App.csproj");
        File.WriteAllText(_project, $"""
            <Project>
              <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
              <Import Project="{build}/MigrationChain.Build.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <MigrationChainTaskAssembly>{Path.Combine(AppContext.BaseDirectory, "MigrationChain.Build.dll")}</MigrationChainTaskAssembly>
              </PropertyGroup>
              <ItemGroup>
            {referenceItems}  </ItemGroup>
              <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
              <Import Project="{build}/MigrationChain.Build.targets" />
            </Project>
            """);
    }

    public string LockFile => Path.Combine(_folder, "migrations.lock");

    /// <summary>One build: its wall-clock time and the time MSBuild spent in the MigrationChain targets.</summary>
    public (double WallMilliseconds, double TargetMilliseconds, string Output) Build(bool enabled, bool restore = false)
    {
        var arguments = new List<string> { "build", _project, "-nr:false", "-clp:PerformanceSummary", $"-p:MigrationChainEnabled={(enabled ? "true" : "false")}" };
        if (!restore)
        {
            arguments.Add("--no-restore");
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        arguments.ForEach(info.ArgumentList.Add);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        info.Environment["CI"] = "false";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var wall = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build failed:\n{output}\n{error.Result}");
        }

        var targets = TargetTime.Matches(output).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return (wall, targets, output);
    }
}
