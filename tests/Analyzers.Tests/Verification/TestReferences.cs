using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MigrationChain.Analyzers.Tests.Verification;

/// <summary>
/// What the code under test compiles against: the .NET 8 reference assemblies (restored with the test project, so
/// nothing is downloaded while tests run) and MigrationChain.Runtime with the rules it exposes.
/// </summary>
internal static class TestReferences
{
    /// <summary>No packages: every reference is added from a file instead.</summary>
    public static readonly ReferenceAssemblies None = new("net8.0");

    public static ImmutableArray<MetadataReference> Framework { get; } = Load(
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NetCoreReferencePath").Value!);

    public static ImmutableArray<MetadataReference> MigrationChain { get; } = Load(Path.Combine(AppContext.BaseDirectory, "testrefs"));

    /// <summary>The framework and MigrationChain, as a test project references them.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = Framework.AddRange(MigrationChain);

    private static ImmutableArray<MetadataReference> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Test references are missing: {directory} (restore and build the test project).");
        }

        return Directory.GetFiles(directory, "*.dll")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToImmutableArray();
    }
}
