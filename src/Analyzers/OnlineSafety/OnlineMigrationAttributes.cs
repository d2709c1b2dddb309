using System.Threading;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.OnlineSafety;

/// <summary>
/// What a migration class's attributes say to the online-safety rules: <c>Transactional</c> and
/// <c>LockTimeoutSeconds</c> on <c>[Migration]</c>, and the reasoned suppressions <c>[AcknowledgeLock]</c> and
/// <c>[ContractStep]</c>. Literals are read from syntax; anything else asks the file's semantic model for a constant.
/// </summary>
internal sealed class OnlineMigrationAttributes
{
    public const string AcknowledgeLockName = "AcknowledgeLock";
    public const string ContractStepName = "ContractStep";

    /// <summary>The flag, or null when it is not a compile-time constant.</summary>
    public bool? Transactional { get; private set; } = true;

    public bool HasLockTimeout { get; private set; }

    /// <summary><c>LockTimeoutSeconds = 0</c>: no lock timeout, not even the runner's default.</summary>
    public bool DisablesLockTimeout { get; private set; }

    /// <summary>Null without the attribute; else whether its reason says something.</summary>
    public bool? AcknowledgeLockHasReason { get; private set; }

    /// <summary>Null without the attribute; else whether its reason says something.</summary>
    public bool? ContractStepHasReason { get; private set; }

    public static OnlineMigrationAttributes Read(MigrationDeclaration declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        var read = new OnlineMigrationAttributes();
        foreach (var argument in declaration.Attribute.ArgumentList?.Arguments ?? default)
        {
            switch (argument.NameEquals?.Name.Identifier.ValueText)
            {
                case "Transactional":
                    read.Transactional = Constant(argument.Expression, model, cancellationToken) as bool?;
                    break;
                case "LockTimeoutSeconds":
                    var lockSeconds = Constant(argument.Expression, model, cancellationToken) as int?;
                    read.HasLockTimeout = lockSeconds > 0;
                    read.DisablesLockTimeout = lockSeconds == 0;
                    break;
            }
        }

        foreach (var list in declaration.Class.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = RightmostName(attribute.Name);
                if (name is AcknowledgeLockName or AcknowledgeLockName + "Attribute")
                {
                    read.AcknowledgeLockHasReason = HasReason(attribute, model, cancellationToken);
                }
                else if (name is ContractStepName or ContractStepName + "Attribute")
                {
                    read.ContractStepHasReason = HasReason(attribute, model, cancellationToken);
                }
            }
        }

        return read;
    }

    private static bool HasReason(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken) =>
        attribute.ArgumentList is { Arguments.Count: > 0 } arguments
        && Constant(arguments.Arguments[0].Expression, model, cancellationToken) is string reason
        && reason.Trim().Length > 0;

    private static object? Constant(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.TrueLiteralExpression):
                return true;
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.FalseLiteralExpression):
                return false;
            case LiteralExpressionSyntax { Token.Value: int or string } literal:
                return literal.Token.Value;
        }

        if (model.SyntaxTree != expression.SyntaxTree)
        {
            return null;
        }

        var constant = model.GetConstantValue(expression, cancellationToken);
        return constant.HasValue ? constant.Value : null;
    }

    private static string? RightmostName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };
}
