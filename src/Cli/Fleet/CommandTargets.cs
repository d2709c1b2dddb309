using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Cli.Databases;
using MigrationChain.Cli.Errors;
using MigrationChain.Cli.Output;

namespace MigrationChain.Cli.Fleet;

/// <summary>
/// <c>--databases-from-command</c>: the fleet as a command prints it (a script that asks a service registry, a
/// cloud CLI, sqlite3 on a catalog file), one database URL per line. The command runs in the shell from the current
/// folder and must exit 0; its output goes to a temporary file, not memory, so every line is checked before the first
/// target is handed out and a command that fails half-way changes nothing.
/// </summary>
internal static class CommandTargets
{
    private const int StderrShown = 2000;

    public static async IAsyncEnumerable<DatabaseAddress> ReadAsync(
        string commandLine, Redactor redactor, string baseDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listing = Path.Combine(Path.GetTempPath(), $"mchain-fleet-{Guid.NewGuid():N}.txt");
        try
        {
            await RunAsync(commandLine, listing, redactor, baseDirectory, cancellationToken).ConfigureAwait(false);
            var shownAs = $"The output of --databases-from-command '{redactor.Redact(commandLine)}'";
            TargetLines.Check(listing, shownAs, redactor, baseDirectory, "Make the command print one database URL per line.");
            foreach (var target in TargetLines.Read(listing, shownAs, redactor, baseDirectory))
            {
                yield return target;
            }
        }
        finally
        {
            File.Delete(listing);
        }
    }

    private static async Task RunAsync(string commandLine, string listing, Redactor redactor, string baseDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = baseDirectory,
        };
        start.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
        start.ArgumentList.Add(commandLine);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot start --databases-from-command: {e.Message}", "Check that a shell is installed.");
        }

        process.StandardInput.Close();
        try
        {
            await using var output = File.Create(listing);
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await Task.WhenAll(copy, errors).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var said = redactor.Redact(errors.Result.Trim());
                throw new CliException(ExitCodes.Usage,
                    $"--databases-from-command '{redactor.Redact(commandLine)}' exited with code {process.ExitCode}" +
                    (said.Length == 0 ? " and printed no error." : ": " + (said.Length > StderrShown ? "..." + said[^StderrShown..] : said)),
                    "Run the command by hand to fix it; nothing was migrated.");
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
