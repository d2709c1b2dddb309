using System.Threading;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Reversibility;

/// <summary>Finds the override of <c>Upgrade</c> or <c>Downgrade</c> a migration class runs, wherever it is declared.</summary>
internal static class DowngradeFinder
{
    /// <summary>The nearest override in the class or a base class below <c>Migration</c>, or null when none.</summary>
    public static IMethodSymbol? FindOverride(INamedTypeSymbol type, string name, MigrationSymbols symbols)
    {
        for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, symbols.Migration); current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IMethodSymbol { IsOverride: true, Parameters.Length: 1 } method)
                {
                    return method;
                }
            }
        }

        return null;
    }

    /// <summary>What the override's body does; <see cref="BodyShape.Working"/> when its source is not available.</summary>
    public static BodyShape ShapeOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax)
            {
                return MigrationSyntaxReader.ShapeOf(syntax);
            }
        }

        return BodyShape.Working;
    }
}
