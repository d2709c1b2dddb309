using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Loading;

/// <summary>
/// Builds a project with the .NET SDK and asks MSBuild where its assembly is, in one <c>dotnet msbuild</c> call:
/// <c>-getProperty</c> after <c>-t:Build</c> reports the properties of the build that just ran.
/// </summary>
internal static class ProjectBuild
{
    private static readonly string[] BuildSwitches = { "-restore", "-t:Build" };
    private static readonly string[] PropertySwitches = { "-getProperty:TargetPath", "-getProperty:RootNamespace", "-getProperty:TargetFrameworks" };

    public static async Task<ProjectOutput> BuildAsync(
        string projectPath,
        string configuration,
        string? framework,
        bool build,
        bool chainErrorsAllowed,
        CliConsole console,
        CancellationToken cancellationToken)
    {
        var project = Path.GetFullPath(projectPath);
        if (!File.Exists(project))
        {
            throw new CliException(ExitCodes.Usage, $"The project '{projectPath}' does not exist.",
                "Pass the path of a .csproj file with --project, or a built assembly with --assembly.");
        }

        if (!build && ProjectOutputCache.TryRead(project, configuration, framework, chainErrorsAllowed, console.Trace) is { } known)
        {
            return known;
        }

        // A class library's package dependencies stay in the NuGet cache unless copied beside it, and the load context
        // resolves dependencies from the assembly's folder: copying them makes a migration that uses a package loadable.
        var arguments = new List<string> { "msbuild", project, "-nologo", "-v:q", $"-p:Configuration={configuration}", "-p:CopyLocalLockFileAssemblies=true" };
        if (build)
        {
            arguments.InsertRange(2, BuildSwitches);
        }

        if (framework is not null)
        {
            arguments.Add($"-p:TargetFramework={framework}");
        }

        arguments.AddRange(PropertySwitches);
        if (build)
        {
            console.Status($"building {Path.GetFileName(project)} ({configuration}) ...");
        }

        var (exitCode, output) = await RunMsbuildAsync(arguments, project, console, cancellationToken).ConfigureAwait(false);
        var chainRulesOff = false;
        if (exitCode != 0 && build && chainErrorsAllowed && ChainErrorBuild.OnlyChainErrors(output) is { Count: > 0 } chainErrors)
        {
            // The chain is broken (two heads, a missing parent): exactly what heads, history and merge are for. Build
            // again with the chain checks off, so the tool gets an assembly and shows the chain with the same rules.
            console.Status($"the build stopped on chain errors ({string.Join(", ", chainErrors)}); building again with them off to read the chain ...");
            (exitCode, output) = await RunMsbuildAsync(ChainErrorBuild.WithChainErrorsOff(arguments), project, console, cancellationToken).ConfigureAwait(false);
            chainRulesOff = true;
        }
        else if (exitCode == 0 && !build && chainErrorsAllowed && !File.Exists(ReadProperties(output).GetValueOrDefault("TargetPath")))
        {
            // Not built the plain way (its chain is broken): where the build with the chain rules off put it, if it ran.
            var (offExitCode, offOutput) = await RunMsbuildAsync(ChainErrorBuild.WithChainErrorsOff(arguments), project, console, cancellationToken).ConfigureAwait(false);
            if (offExitCode == 0 && File.Exists(ReadProperties(offOutput).GetValueOrDefault("TargetPath")))
            {
                (exitCode, output, chainRulesOff) = (offExitCode, offOutput, true);
            }
        }

        if (exitCode != 0)
        {
            var errors = ChainErrorBuild.Errors(output).Take(20).ToList();
            throw new CliException(ExitCodes.Usage,
                $"Building '{projectPath}' failed:\n  " + string.Join("\n  ", errors.Count > 0 ? errors : output.Split('\n').TakeLast(20).Select(l => l.TrimEnd())),
                "Fix the build errors above, or pass an assembly you built yourself with --assembly.");
        }

        var properties = ReadProperties(output);
        properties.TryGetValue("TargetPath", out var targetPath);
        if (string.IsNullOrEmpty(targetPath))
        {
            properties.TryGetValue("TargetFrameworks", out var frameworks);
            throw new CliException(ExitCodes.Usage,
                $"'{projectPath}' builds for several frameworks ({frameworks}), so it has no single assembly.",
                $"Choose one with --framework, e.g. --framework {frameworks?.Split(';').LastOrDefault(f => f.Length > 0) ?? "net8.0"}.");
        }

        if (!File.Exists(targetPath))
        {
            throw new CliException(ExitCodes.Usage, $"'{projectPath}' has not been built: '{targetPath}' does not exist.",
                "Build it first, or leave out --no-build.");
        }

        properties.TryGetValue("RootNamespace", out var rootNamespace);
        var found = new ProjectOutput(targetPath, Path.GetDirectoryName(project)!, string.IsNullOrEmpty(rootNamespace) ? null : rootNamespace);
        ProjectOutputCache.Write(project, configuration, framework, chainRulesOff, found, console.Trace);
        return found;
    }

    /// <summary>The JSON document MSBuild prints for several <c>-getProperty</c> switches, after any log lines.</summary>
    private static Dictionary<string, string> ReadProperties(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            throw new CliException(ExitCodes.Failed, "MSBuild did not report the project's properties:\n" + output.Trim());
        }

        using var document = JsonDocument.Parse(output[start..]);
        return document.RootElement.GetProperty("Properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunMsbuildAsync(IReadOnlyList<string> arguments, string project, CliConsole console, CancellationToken cancellationToken)
    {
        console.Trace("dotnet " + string.Join(' ', arguments));
        var clock = Stopwatch.StartNew();
        var result = await RunDotnetAsync(arguments, Path.GetDirectoryName(project)!, cancellationToken).ConfigureAwait(false);
        console.Trace($"dotnet msbuild exited with {result.ExitCode} after {Durations.Format(clock.Elapsed)}");
        return result;
    }

    private static async Task<(int ExitCode, string Output)> RunDotnetAsync(IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info) ?? throw new CliException(ExitCodes.Failed, "Could not start 'dotnet' to build the project.");
        var output = new StringBuilder();
        var readOut = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var readErr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.Append(await readOut.ConfigureAwait(false)).Append(await readErr.ConfigureAwait(false));
        return (process.ExitCode, output.ToString());
    }

    // The tool runs under the dotnet host that launched it; use the same SDK rather than whatever is first on PATH.
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? current
            : "dotnet";
    }
}

/// <summary>What a project build produced.</summary>
internal sealed record ProjectOutput(string AssemblyPath, string ProjectDirectory, string? RootNamespace);
