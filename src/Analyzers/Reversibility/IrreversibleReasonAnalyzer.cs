using System.Collections.Immutable;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Reversibility;

/// <summary>MC2002: <c>[Irreversible]</c> whose reason is empty or blank: the reason is the whole point.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IrreversibleReasonAnalyzer : MigrationFileAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC2002_IrreversibleWithoutReason);

    /// <inheritdoc />
    private protected override void AnalyzeFile(SemanticModelAnalysisContext context, MigrationSymbols symbols)
    {
        var candidates = TreeFacts.Of(context.SemanticModel.SyntaxTree, context.CancellationToken).IrreversibleAttributes;
        if (candidates.Count == 0 || symbols.IrreversibleAttribute is null)
        {
            return;
        }

        foreach (var attribute in candidates)
        {
            Analyze(context, symbols, attribute);
        }
    }

    private static void Analyze(SemanticModelAnalysisContext context, MigrationSymbols symbols, AttributeSyntax attribute)
    {
        if (attribute.ArgumentList is not { Arguments.Count: > 0 } arguments
            || context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol constructor
            || !symbols.IsIrreversibleAttribute(constructor.ContainingType))
        {
            return;
        }

        var reason = arguments.Arguments[0].Expression;
        var constant = context.SemanticModel.GetConstantValue(reason, context.CancellationToken);
        if (!constant.HasValue || (constant.Value is string text && text.Trim().Length > 0) || constant.Value is not (string or null))
        {
            return;
        }

        var owner = attribute.Parent?.Parent is ClassDeclarationSyntax @class ? @class.Identifier.ValueText : "The class";
        if (attribute.Parent?.Parent is ClassDeclarationSyntax migration && TreeFacts.Of(migration.SyntaxTree, context.CancellationToken).Find(migration) is { } declaration)
        {
            owner = MigrationClass.Label(declaration, context.SemanticModel, context.CancellationToken);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MC2002_IrreversibleWithoutReason, reason.GetLocation(), owner));
    }
}
