using MigrationChain.Testing.Support;

namespace MigrationChain.Cli.Tests.Infrastructure;

/// <summary>Runs the built tool the way a user does: <c>dotnet MigrationChain.Cli.dll ...</c>, in a folder, with an environment.</summary>
internal static class Mchain
{
    /// <summary>The tool's build output (net8.0, whatever framework the tests run on), in the tests' configuration.</summary>
    public static string ToolPath { get; } = Find();

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, null, arguments);

    public static Task<ProcessResult> RunAsync(string workingDirectory, IDictionary<string, string?>? environment, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", new[] { ToolPath }.Concat(arguments), workingDirectory, Environment(environment),
            timeout: TimeSpan.FromMinutes(3), cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>A clean environment: no database from the outside, and builds that leave no server processes behind.</summary>
    public static Dictionary<string, string?> Environment(IDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["MIGRATIONCHAIN_DATABASE_URL"] = null,
            ["NO_COLOR"] = null,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return environment;
    }

    private static string Find()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Cli", "bin", testBin.Parent!.Name, "net8.0", "mchain.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; the test project references src/Cli so it is.", path);
    }
}
