using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Manifest;

/// <summary>
/// Records, in the compiled assembly, the whole chain the compilation saw (<c>[assembly: MigrationChainManifest]</c>,
/// format 2): every revision's chain facts and checksum, and where this assembly's own migrations are declared, for
/// the build task, the CLI and the runtime. Reads migrations with the same per-tree syntax
/// facts and the same resolution the analyzers use. Generates nothing unless the compilation references
/// MigrationChain.Runtime and declares at least one migration.
/// </summary>
/// <remarks>
/// The input is read from the compilation rather than through a syntax provider: the per-tree facts already know
/// which classes are migrations without walking method bodies or binding attributes, unchanged trees cost a table
/// lookup, and the chain view built here is the one the analyzers then find ready. The input compares by value, so
/// an edit that changes no migration regenerates nothing.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class MigrationManifestGenerator : IIncrementalGenerator
{
    /// <summary>The generated file's hint name (the attribute's file; chunk files are MigrationChainManifest.*.g.cs).</summary>
    public const string HintName = "MigrationChainManifest.g.cs";

    /// <summary>The MSBuild property (made visible to the compiler by the package's targets) that turns chunks off.</summary>
    internal const string ChunksProperty = "build_property.MigrationChainManifestChunks";

    private readonly ManifestChunking _chunking;

    /// <summary>The generator as the compiler loads it.</summary>
    public MigrationManifestGenerator()
        : this(ManifestChunking.Default)
    {
    }

    /// <summary>A generator cutting the manifest as <paramref name="chunking"/> says (tests use small chunks).</summary>
    internal MigrationManifestGenerator(ManifestChunking chunking) => _chunking = chunking;

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The chunks' constants are compiled into the assembly too (about twice the manifest's size), so where the
        // package's targets say this is a build rather than an IDE's design-time evaluation
        // (build_property.MigrationChainManifestChunks = false), the manifest is one literal, as it was before chunks.
        // Without the setting (an analyzer referenced directly), chunks.
        var chunking = context.AnalyzerConfigOptionsProvider.Select((options, _) =>
            options.GlobalOptions.TryGetValue(ChunksProperty, out var value) && string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase)
                ? ManifestChunking.Whole
                : _chunking);
        var output = context.CompilationProvider.Combine(chunking)
            .Select(static (input, token) => ManifestWriter.ReadOutput(input.Left, token, input.Right));

        // Implementation output: nothing in the compilation reads the attribute (the build task, the CLI and the runtime
        // read it from the built assembly), so a host that only needs semantics may skip it. Hosts that do run it
        // (csharp-ls's workspace does) keep a generated file's tree while its text is unchanged: each chunk is an
        // output of its own, compared with the same chunk of the previous run, so an edit re-parses the chunks it
        // changed. The attribute's file compares by the chunks' names only.
        var attribute = output.Select(static (manifest, _) => manifest?.Attribute);
        context.RegisterImplementationSourceOutput(attribute, static (production, file) =>
        {
            if (file is not null)
            {
                production.AddSource(HintName, file.ToSource());
            }
        });

        var chunks = output.SelectMany(static (manifest, _) => manifest?.Files ?? ImmutableArray<ManifestOutput.ChunkFile>.Empty);
        context.RegisterImplementationSourceOutput(chunks, static (production, file) => production.AddSource(file.HintName, file.ToSource()));
    }
}
