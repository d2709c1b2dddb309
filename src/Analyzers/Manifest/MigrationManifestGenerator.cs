using System.Collections.Immutable;
using System.Threading;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Manifest;

/// <summary>
/// Records, in the compiled assembly, where each migration is declared and a checksum of what it does
/// (<c>[assembly: MigrationSource]</c>), and the whole chain the compilation saw (<c>[assembly:
/// MigrationChainManifest]</c>), for the build task and the runtime. Reads migrations with the same syntax
/// extraction the analyzers use. Generates nothing unless the compilation references MigrationChain.Runtime and
/// declares at least one migration.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MigrationManifestGenerator : IIncrementalGenerator
{
    /// <summary>The generated file's hint name.</summary>
    public const string HintName = "MigrationChainManifest.g.cs";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var own = context.SyntaxProvider.ForAttributeWithMetadataName(
                MigrationSymbols.MigrationAttributeMetadataName,
                static (node, _) => node is ClassDeclarationSyntax,
                static (attributed, token) => Read(attributed, token))
            .Where(static entry => entry is not null)
            .Collect();

        var target = context.CompilationProvider.Select(static (compilation, token) => new ManifestTarget(
            compilation.AssemblyName ?? string.Empty,
            compilation.GetTypeByMetadataName(MigrationSymbols.MigrationSourceMetadataName) is not null
                && compilation.GetTypeByMetadataName(MigrationSymbols.ManifestMetadataName) is not null,
            new EquatableArray<ReferencedMigration>(ReferencedMigrations.Of(compilation, token))));

        context.RegisterSourceOutput(own.Combine(target), static (output, input) =>
        {
            var (entries, compilation) = input;
            if (!compilation.HasManifestAttributes || entries.IsEmpty)
            {
                return;
            }

            output.AddSource(HintName, ManifestWriter.Source(entries!, compilation));
        });
    }

    private static ManifestEntry? Read(GeneratorAttributeSyntaxContext attributed, CancellationToken cancellationToken)
    {
        if (attributed.TargetNode is not ClassDeclarationSyntax @class
            || attributed.Attributes.IsEmpty
            || attributed.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax attribute)
        {
            return null;
        }

        // The analyzers' cached facts for this tree; an attribute written through an alias the extraction did not
        // recognise is read with the same reader on the spot.
        var declaration = TreeFacts.Of(@class.SyntaxTree, cancellationToken).Find(@class);
        if (declaration is null || declaration.Attribute != attribute)
        {
            declaration = MigrationSyntaxReader.Read(@class, attribute, cancellationToken);
        }

        var arguments = declaration.Arguments ?? DeclaredMigration.FromAttributeData(attributed.Attributes[0]);
        return new ManifestEntry(
            arguments.Revision,
            EquatableArray.From(arguments.Parents),
            arguments.ParentDeclaration,
            arguments.Branch,
            EquatableArray.From(arguments.DependsOn),
            declaration.MetadataName,
            declaration.Checksum,
            declaration.Location.FilePath,
            declaration.Location.Line,
            declaration.Location.Column);
    }
}
