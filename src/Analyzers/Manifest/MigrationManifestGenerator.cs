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
    /// <summary>The generated file's hint name.</summary>
    public const string HintName = "MigrationChainManifest.g.cs";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var input = context.CompilationProvider.Select(static (compilation, token) => ManifestWriter.ReadLiteral(compilation, token));
        // Implementation output: nothing in the compilation reads the attribute (the build task, the CLI and the runtime
        // read it from the built assembly), so a host that only needs semantics, such as an IDE, may skip it. Before
        // format 2 the generator wrote an assembly attribute per migration, which the compiler bound again for every
        // new compilation: at 1,000 migrations that, not the analyzers, was most of a keystroke in a language server.
        context.RegisterImplementationSourceOutput(input, static (output, manifest) =>
        {
            if (manifest is not null)
            {
                output.AddSource(HintName, manifest.ToSource());
            }
        });
    }
}
