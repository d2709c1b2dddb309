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
