using System.Collections.Immutable;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Reversibility;

/// <summary>
/// MC2001: a migration whose <c>Downgrade</c> is not overridden, empty, or only throws, and that does not say why
/// with <c>[Irreversible("...")]</c>. A migration whose <c>Upgrade</c> is empty has nothing to undo.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingDowngradeAnalyzer : MigrationFileAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC2001_MissingDowngrade);

    /// <inheritdoc />
    private protected override void AnalyzeFile(SemanticModelAnalysisContext context, MigrationSymbols symbols)
    {
        foreach (var declaration in TreeFacts.Of(context.SemanticModel.SyntaxTree, context.CancellationToken).Migrations)
        {
            Analyze(context, symbols, declaration);
        }
    }

    private static void Analyze(SemanticModelAnalysisContext context, MigrationSymbols symbols, MigrationDeclaration declaration)
    {
        // The class's own Downgrade is the one that runs: when it does something (or Upgrade does nothing), no
        // diagnostic is possible and the symbols need not be asked.
        if (declaration.Downgrade is { Shape: BodyShape.Working } || declaration.Upgrade is { Shape: BodyShape.Empty })
        {
            return;
        }

        var token = context.CancellationToken;
        if (symbols.Migration is null
            || context.SemanticModel.GetDeclaredSymbol(declaration.Class, token) is not INamedTypeSymbol type
            || type.IsAbstract
            || !symbols.DerivesFromMigration(type)
            || !MigrationClass.IsConfirmed(declaration, symbols, context.SemanticModel, token)
            || IsMarkedIrreversible(type, symbols))
        {
            return;
        }

        var upgrade = DowngradeFinder.FindOverride(type, "Upgrade", symbols);
        if (upgrade is not null && DowngradeFinder.ShapeOf(upgrade, token) == BodyShape.Empty)
        {
            return;
        }

        var downgrade = DowngradeFinder.FindOverride(type, "Downgrade", symbols);
        string problem;
        Location location;
        if (downgrade is null)
        {
            problem = "does not override Downgrade";
            location = declaration.Class.Identifier.GetLocation();
        }
        else
        {
            var shape = DowngradeFinder.ShapeOf(downgrade, token);
            var what = shape switch
            {
                BodyShape.Empty => "an empty Downgrade",
                BodyShape.OnlyThrows => "a Downgrade that only throws",
                BodyShape.OnlyCallsBase => "a Downgrade that only calls the base one, which throws",
                _ => null,
            };

            if (what is null)
            {
                return;
            }

            var inherited = !SymbolEqualityComparer.Default.Equals(downgrade.ContainingType, type);
            problem = inherited ? $"inherits {what} from '{downgrade.ContainingType.Name}'" : "has " + what;
            location = inherited || downgrade.Locations.IsEmpty ? declaration.Class.Identifier.GetLocation() : downgrade.Locations[0];
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(
            DiagnosticProperties.Dialect,
            SqlDialectSetting.Name(SqlDialectSetting.TargetFor(context.Options, declaration.Class.SyntaxTree)));
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.MC2001_MissingDowngrade,
            location,
            properties,
            MigrationClass.Label(declaration, context.SemanticModel, token),
            problem));
    }

    private static bool IsMarkedIrreversible(INamedTypeSymbol type, MigrationSymbols symbols)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (symbols.IsIrreversibleAttribute(attribute.AttributeClass))
            {
                return true;
            }
        }

        return false;
    }
}
