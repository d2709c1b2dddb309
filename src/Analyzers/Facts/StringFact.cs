using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// A string argument as far as syntax can tell: its value when the expression is made of literals, or the expression
/// to hand to the semantic model (a const field, <c>nameof</c>, a concatenation involving either). Deferred values
/// depend on other code and so are never cached with the syntax tree.
/// </summary>
internal readonly struct StringFact
{
    private StringFact(bool isKnown, string? value, ExpressionSyntax? expression)
    {
        IsKnown = isKnown;
        Value = value;
        Expression = expression;
    }

    /// <summary>True when syntax alone gave the value (which may be null for a <c>null</c> literal).</summary>
    public bool IsKnown { get; }

    public string? Value { get; }

    /// <summary>The expression, when the value must come from the semantic model.</summary>
    public ExpressionSyntax? Expression { get; }

    public static StringFact Known(string? value) => new(true, value, null);

    public static StringFact Deferred(ExpressionSyntax expression) => new(false, null, expression);

    /// <summary>Reads the expression: a value from literals, else deferred.</summary>
    public static StringFact Of(ExpressionSyntax expression, ConstantScope? scope = null) =>
        ConstantFolder.TryFold(expression, scope, out var value) ? Known(value) : Deferred(expression);

    /// <summary>
    /// The value, asking the semantic model when syntax could not tell. Null <paramref name="known"/> means the value
    /// cannot be known at compile time (or the model could not be had).
    /// </summary>
    public string? Resolve(SemanticModel? model, out bool known, System.Threading.CancellationToken cancellationToken)
    {
        if (IsKnown)
        {
            known = true;
            return Value;
        }

        known = false;
        if (model is null || Expression is null || model.SyntaxTree != Expression.SyntaxTree)
        {
            return null;
        }

        var constant = model.GetConstantValue(Expression, cancellationToken);
        if (!constant.HasValue || constant.Value is not (string or null))
        {
            return null;
        }

        known = true;
        return (string?)constant.Value;
    }
}
