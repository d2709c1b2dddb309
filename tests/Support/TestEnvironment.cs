using System;
using Xunit;
using System.IO;

namespace MigrationChain.Testing.Support;

/// <summary>Facts about where the tests run.</summary>
public static class TestEnvironment
{
    /// <summary>True under CI (<c>CI=true</c>): a test that needs a service and cannot reach it fails instead of skipping.</summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Environment.GetEnvironmentVariable("CI"), "1", StringComparison.Ordinal);

    /// <summary>The repository root (the folder holding Analyzers.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>
    /// Skips the test with the reason, or fails it under CI: a missing service must never hide a test from CI.
    /// </summary>
    public static void RequireOrSkip(bool available, string reason)
    {
        if (available)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail($"{reason} (CI=true, so this is a failure, not a skip)");
        }

        Assert.Skip(reason);
    }

    /// <summary>
    /// The built output of another project of this repository, in the same configuration and framework as the
    /// running tests (e.g. the runner app a race test starts as a separate process).
    /// </summary>
    public static string BuiltOutput(string projectFolder, string fileName)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var path = Path.Combine(RepositoryRoot, projectFolder, "bin", configuration, framework, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not built; the test project must reference {projectFolder} so it is.", path);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Analyzers.sln above {AppContext.BaseDirectory}.");
    }
}
