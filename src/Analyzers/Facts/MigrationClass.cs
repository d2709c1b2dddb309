using System.Collections.Generic;
using System.Threading;
using MigrationChain.Analyzers.Chain;
using Microsoft.CodeAnalysis;

namespace MigrationChain.Analyzers.Facts;

/// <summary>What every per-class analyzer asks first: is this a <c>[Migration]</c> class, and which revision is it.</summary>
internal static class MigrationClass
{
    /// <summary>
    /// True when the attribute is MigrationChain's. Syntax settles it unless another <c>MigrationAttribute</c> is in
    /// sight; then the bound attribute decides.
    /// </summary>
    public static bool IsConfirmed(MigrationDeclaration declaration, MigrationSymbols symbols, SemanticModel model, CancellationToken cancellationToken)
    {
        if (symbols.AttributeNameIsUnambiguous)
        {
            return true;
        }

        return model.GetSymbolInfo(declaration.Attribute, cancellationToken).Symbol is IMethodSymbol constructor
            && symbols.IsMigrationAttribute(constructor.ContainingType);
    }

    /// <summary>The revision id, for messages; the class name when the id cannot be had.</summary>
    public static string Label(MigrationDeclaration declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        if (declaration.Arguments is { } arguments)
        {
            return arguments.Revision;
        }

        if (model.GetDeclaredSymbol(declaration.Class, cancellationToken) is INamedTypeSymbol type && ChainView.AttributeDataOf(type, declaration) is { } attribute)
        {
            return AttributeArguments.FromAttributeData(attribute).Revision;
        }

        return declaration.Class.Identifier.ValueText;
    }

    /// <summary>The revision id for messages, worked out once per declaration of a file.</summary>
    public static string Label(MigrationDeclaration declaration, SemanticModel model, Dictionary<MigrationDeclaration, string> labels, CancellationToken cancellationToken)
    {
        if (!labels.TryGetValue(declaration, out var label))
        {
            labels[declaration] = label = Label(declaration, model, cancellationToken);
        }

        return label;
    }
}
