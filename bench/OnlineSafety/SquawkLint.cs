using System.Diagnostics;
using System.Text.Json;

namespace MigrationChain.Benchmarks.OnlineSafety;

/// <summary>Runs the squawk CLI (installed by run.sh into .tools/) on SQL files and reads its JSON report.</summary>
internal sealed class SquawkLint
{
    private readonly string _executable;

    public SquawkLint(string executable)
    {
        _executable = executable;
        Version = Run(new[] { "--version" }, out _).Trim();
    }

    public string Version { get; }

    /// <summary>
    /// The squawk rules reported for one fixture. A transactional fixture is linted with --assume-in-transaction:
    /// MigrationChain runs it inside a transaction the SQL does not show.
    /// </summary>
    public IReadOnlyList<string> Lint(Fixture fixture, string workDirectory)
    {
        var file = Path.Combine(workDirectory, fixture.Name + ".sql");
        File.WriteAllText(file, fixture.Sql);
        var arguments = new List<string> { "--reporter", "json", "--pg-version", "15" };
        if (fixture.Transactional)
        {
            arguments.Add("--assume-in-transaction");
        }

        arguments.Add(file);
        var json = Run(arguments, out _);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(v => RuleOf(v.GetProperty("rule_name").GetString()!, v.GetProperty("message").GetString() ?? string.Empty))
            .Distinct()
            .OrderBy(r => r, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The rule name, except that constraint-missing-not-valid also reports a VALIDATE in the transaction of its
    /// NOT VALID add (MigrationChain's MC5006, not MC5005): that case gets a name of its own.
    /// </summary>
    private static string RuleOf(string rule, string message) =>
        rule == "constraint-missing-not-valid" && message.Contains("VALIDATE CONSTRAINT", StringComparison.Ordinal)
            ? Hazards.ValidateInSameTransaction
            : rule;

    /// <summary>One squawk process over <paramref name="files"/>; returns its wall-clock seconds.</summary>
    public double Time(IEnumerable<string> files, bool assumeInTransaction)
    {
        var arguments = new List<string> { "--reporter", "json", "--pg-version", "15" };
        if (assumeInTransaction)
        {
            arguments.Add("--assume-in-transaction");
        }

        arguments.AddRange(files);
        var watch = Stopwatch.StartNew();
        Run(arguments, out _);
        return watch.Elapsed.TotalSeconds;
    }

    // squawk exits 1 when it reports anything; only a crash (no JSON) is a failure. Pinned to one core with taskset.
    private string Run(IEnumerable<string> arguments, out int exitCode)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add(_executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        exitCode = process.ExitCode;
        if (exitCode > 1 || (exitCode == 1 && stdout.Length == 0))
        {
            throw new InvalidOperationException($"squawk {string.Join(' ', arguments)} failed ({exitCode}): {stderr.Result}");
        }

        return stdout;
    }
}
