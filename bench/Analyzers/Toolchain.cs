using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MigrationChain.Benchmarks.Analyzers;

/// <summary>The assemblies a generated project uses: built once from the repository.</summary>
internal sealed record BenchmarkInputs(string Analyzers, string Runtime, string Rules)
{
    /// <summary>With --readytorun: the ReadyToRun image of <see cref="Analyzers"/> (src/ReadyToRunImages.targets).</summary>
    public string? ReadyToRunAnalyzers { get; init; }
}

/// <summary>One measured build: the Csc task's time and what the compiler reported for MigrationChain in it.</summary>
internal sealed record BuildMeasurement(double CompileSeconds, double AnalyzerSeconds, double GeneratorSeconds)
{
    /// <summary>Each MigrationChain analyzer's line of the compiler's report (seconds, by analyzer type name).</summary>
    public IReadOnlyDictionary<string, double> PerAnalyzer { get; init; } = new Dictionary<string, double>();

    public double MigrationChainSeconds => AnalyzerSeconds + GeneratorSeconds;

    public double SharePercent => 100 * MigrationChainSeconds / CompileSeconds;
}

/// <summary>Runs <c>dotnet</c> and reads its analyzer report and performance summary.</summary>
internal static partial class Toolchain
{
    /// <summary>The IL build of the analyzers, and (readyToRun) the ReadyToRun image the package ships, compiled from it.</summary>
    public static BenchmarkInputs BuildInputs(string repository, bool readyToRun = false)
    {
        // The image for this machine's RID only: the package's other four are not measured here, and compiling them
        // took most of this step.
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        Run(repository, "build", "src/Analyzers/MigrationChain.Analyzers.csproj", "-c", "Release", "-nr:false",
            readyToRun ? "-t:Build;MigrationChainReadyToRunCompile" : "-t:Build", "-p:MigrationChainReadyToRunRids=" + rid);
        Run(repository, "build", "src/Runtime/MigrationChain.Runtime.csproj", "-c", "Release", "-nr:false");
        return new BenchmarkInputs(
            Path.Combine(repository, "src/Analyzers/bin/Release/netstandard2.0/MigrationChain.Analyzers.dll"),
            Path.Combine(repository, "src/Runtime/bin/Release/net8.0/MigrationChain.Runtime.dll"),
            Path.Combine(repository, "src/Rules/bin/Release/net8.0/MigrationChain.Rules.dll"))
        {
            ReadyToRunAnalyzers = readyToRun
                ? Path.Combine(repository, "src/Analyzers/obj/Release/netstandard2.0/r2r", rid, "MigrationChain.Analyzers.dll")
                : null,
        };
    }

    public static void Restore(string project) => Run(Path.GetDirectoryName(project)!, "restore", project);

    /// <summary>A full recompile with the analyzer report on; the compiler server is left running between builds.</summary>
    public static BuildMeasurement Build(string project)
    {
        var output = Run(
            Path.GetDirectoryName(project)!,
            "build", project, "-c", "Release", "--no-restore", "--no-incremental", "-nr:false",
            "-p:ReportAnalyzer=true", "-v:d", "-clp:PerformanceSummary");
        return Parse(output);
    }

    internal static BuildMeasurement Parse(string output)
    {
        var csc = CscTask().Matches(output).Select(m => double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(double.NaN).Max() / 1000;
        var analyzers = AssemblyTime(output, "Total analyzer execution time", "Analyzer");
        var generators = AssemblyTime(output, "Total generator execution time", "Generator");
        if (double.IsNaN(csc))
        {
            throw new InvalidOperationException("The build printed no Csc task time (is -clp:PerformanceSummary honoured?).\n" + output);
        }

        return new BuildMeasurement(csc, analyzers, generators) { PerAnalyzer = PerAnalyzerTimes(output) };
    }

    private static Dictionary<string, double> PerAnalyzerTimes(string output)
    {
        var times = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match line in AnalyzerTypeLine().Matches(output))
        {
            var text = line.Groups["seconds"].Value;
            times[line.Groups["name"].Value] = text.StartsWith('<') ? 0 : double.Parse(text, CultureInfo.InvariantCulture);
        }

        return times;
    }

    /// <summary>The line for MigrationChain.Analyzers in the analyzer or generator section of the compiler's report.</summary>
    private static double AssemblyTime(string output, string sectionTitle, string kind)
    {
        var section = output.IndexOf(sectionTitle, StringComparison.Ordinal);
        if (section < 0)
        {
            return 0;
        }

        var end = output.IndexOf("Total ", section + sectionTitle.Length, StringComparison.Ordinal);
        var text = end < 0 ? output[section..] : output[section..end];
        var line = AssemblyLine().Matches(text).FirstOrDefault();
        return line is null ? 0 : double.Parse(line.Groups["seconds"].Value, CultureInfo.InvariantCulture);
    }

    private static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed:\n{output}");
        }

        return output;
    }

    [GeneratedRegex(@"^\s*(?<ms>[\d.]+) ms\s+Csc\s+\d+ calls", RegexOptions.Multiline)]
    private static partial Regex CscTask();

    [GeneratedRegex(@"^\s*(?<seconds>[\d.]+)\s+\S+\s+MigrationChain\.Analyzers, Version=", RegexOptions.Multiline)]
    private static partial Regex AssemblyLine();

    [GeneratedRegex(@"^\s*(?<seconds><?[\d.]+)\s+\S+\s+MigrationChain\.Analyzers\.(?:[A-Za-z]+\.)*(?<name>[A-Za-z]+(?:Analyzer|Generator))\b", RegexOptions.Multiline)]
    private static partial Regex AnalyzerTypeLine();
}
