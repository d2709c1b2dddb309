using System.Diagnostics;
using System.Text.Json;
using MigrationChain.Testing.Support;

namespace MigrationChain.Hosting.Tests.Support;

/// <summary>One JSON log line the host app wrote: its EventId, category and structured state.</summary>
public sealed record JsonLogLine(int EventId, string Category, string Message, IReadOnlyDictionary<string, string> State, string Raw)
{
    public static IReadOnlyList<JsonLogLine> Parse(string output) => output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(l => l.StartsWith('{'))
        .Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var state = root.TryGetProperty("State", out var s)
                ? s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
                : new Dictionary<string, string>();
            return new JsonLogLine(root.GetProperty("EventId").GetInt32(), root.GetProperty("Category").GetString()!, root.GetProperty("Message").GetString()!, state, line);
        })
        .ToList();
}

/// <summary>
/// The host app (tests/HostApp) as a separate process, configured the way a deployment configures an application:
/// through environment variables.
/// </summary>
public static class HostAppProcess
{
    private static string App => TestEnvironment.BuiltOutput("tests/HostApp", "MigrationChain.Tests.HostApp.dll");

    public static Dictionary<string, string?> Environment(string connectionString, MigrationStartup startup) => new()
    {
        ["ConnectionStrings__App"] = connectionString,
        ["MigrationChain__ConnectionStringName"] = "App",
        ["MigrationChain__Startup"] = startup.ToString(),
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    public static Task<ProcessResult> RunAsync(IDictionary<string, string?> environment) =>
        ProcessRunner.RunAsync("dotnet", new[] { App }, environment: environment, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Starts the app and returns once its output shows <paramref name="until"/>, handing over the running process.</summary>
    public static async Task<(Process Process, Task<string> Output)> StartAsync(IDictionary<string, string?> environment, Func<JsonLogLine, bool> until)
    {
        var process = ProcessRunner.Start("dotnet", new[] { App }, environment: environment);
        process.StandardInput.Close();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = Task.Run(async () =>
        {
            var all = new System.Text.StringBuilder();
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                all.AppendLine(line);
                if (line.StartsWith('{') && JsonLogLine.Parse(line).Any(until))
                {
                    seen.TrySetResult();
                }
            }

            seen.TrySetException(new InvalidOperationException($"The host app ended before the awaited log line:\n{all}\n{await process.StandardError.ReadToEndAsync()}"));
            return all.ToString();
        });
        await seen.Task.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        return (process, output);
    }
}
