using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// Computes string constants from syntax alone: regular, verbatim and raw literals, interpolated strings without
/// holes, <c>null</c>, <c>nameof</c>, the class's own string constants (see <see cref="ConstantScope"/>), and
/// <c>+</c> concatenations of those. Anything else needs the semantic model.
/// </summary>
internal static class ConstantFolder
{
    public static bool TryFold(ExpressionSyntax expression, out string? value) => TryFold(expression, null, out value);

    public static bool TryFold(ExpressionSyntax expression, ConstantScope? scope, out string? value)
    {
        switch (expression)
        {
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when scope is not null && scope.TryGet(expression, out value):
                return true;

            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments: { Count: 1 } arguments }
                when NameOf(arguments[0].Expression) is { } name:
                value = name;
                return true;

            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                value = literal.Token.ValueText;
                return !literal.Token.ContainsDiagnostics;

            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression):
                value = null;
                return true;

            case InterpolatedStringExpressionSyntax interpolated:
                return TryFoldInterpolated(interpolated, out value);

            case ParenthesizedExpressionSyntax parenthesized:
                return TryFold(parenthesized.Expression, scope, out value);

            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                // null + "a" is "a" in C#, but only when the other side is a string: leave such odd cases to the model.
                if (TryFold(binary.Left, scope, out var left) && left is not null && TryFold(binary.Right, scope, out var right) && right is not null)
                {
                    value = left + right;
                    return true;
                }

                break;
        }

        value = null;
        return false;
    }

    /// <summary>What <c>nameof</c> gives for a plain name: its last identifier (type arguments left out).</summary>
    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        _ => null,
    };

    private static bool TryFoldInterpolated(InterpolatedStringExpressionSyntax interpolated, out string? value)
    {
        value = null;
        if (interpolated.ContainsDiagnostics)
        {
            return false;
        }

        // The text tokens keep "{{" and "}}" of $"..." and $@"..." as written; raw $"""...""" strings have no such escapes.
        var bracesDoubled = interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedStringStartToken)
            || interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken);
        var text = new StringBuilder();
        foreach (var content in interpolated.Contents)
        {
            if (content is not InterpolatedStringTextSyntax part)
            {
                return false;
            }

            var piece = part.TextToken.ValueText;
            text.Append(bracesDoubled ? piece.Replace("{{", "{").Replace("}}", "}") : piece);
        }

        value = text.ToString();
        return true;
    }
}
