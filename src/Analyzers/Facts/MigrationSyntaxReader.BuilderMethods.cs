using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// The half of <see cref="MigrationSyntaxReader"/> that reads method bodies: which methods take a
/// <c>MigrationBuilder</c>, the <c>builder.Sql(...)</c> calls in them with the <c>TableExists</c>/<c>ColumnExists</c>
/// checks that guard each call, whether the builder escapes, and the shape of the body. Kept apart from the
/// attribute and class reading because it changes for different reasons (new guard forms, new body shapes).
/// </summary>
internal static partial class MigrationSyntaxReader
{
    /// <summary>True when the type is written <c>MigrationBuilder</c>, qualified or not.</summary>
    public static bool IsBuilderType(TypeSyntax? type) => RightmostName(type) == BuilderTypeName;

    private static string? RightmostName(TypeSyntax? type) => type switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

    private static BuilderMethod? ReadMethod(MethodDeclarationSyntax method, ConstantScope scope)
    {
        ParameterSyntax? builder = null;
        foreach (var parameter in method.ParameterList.Parameters)
        {
            if (IsBuilderType(parameter.Type))
            {
                builder = parameter;
                break;
            }
        }

        if (builder is null || builder.Identifier.ValueText.Length == 0)
        {
            return null;
        }

        var builderName = builder.Identifier.ValueText;
        var isOverride = method.Modifiers.Any(SyntaxKind.OverrideKeyword) && method.ParameterList.Parameters.Count == 1;
        var kind = !isOverride ? BuilderMethodKind.Helper
            : method.Identifier.ValueText == "Upgrade" ? BuilderMethodKind.Upgrade
            : method.Identifier.ValueText == "Downgrade" ? BuilderMethodKind.Downgrade
            : BuilderMethodKind.Helper;

        SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression;
        if (body is null)
        {
            return new BuilderMethod(method, kind, builderName, new List<SqlCall>(), builderEscapes: false, BodyShape.Missing, isOnlySqlCalls: false);
        }

        var calls = new List<SqlCall>();
        var escapes = false;
        foreach (var node in body.DescendantNodesAndSelf())
        {
            if (node is InvocationExpressionSyntax invocation && SqlArgument(invocation, builderName) is { } argument)
            {
                calls.Add(new SqlCall(invocation, argument, StringFact.Of(argument, scope), GuardsAround(invocation, body, builderName, scope)));
            }
            else if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == builderName && IsEscape(identifier))
            {
                escapes = true;
            }
        }

        return new BuilderMethod(method, kind, builderName, calls, escapes, ShapeOf(method), IsOnlySqlCalls(method, calls));
    }

    private static ExpressionSyntax? SqlArgument(InvocationExpressionSyntax invocation, string builderName) =>
        invocation.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name: IdentifierNameSyntax { Identifier.ValueText: "Sql" } } access
        && access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
        && receiver.Identifier.ValueText == builderName
        && invocation.ArgumentList.Arguments.Count == 1
            ? invocation.ArgumentList.Arguments[0].Expression
            : null;

    /// <summary>A use of the builder other than <c>builder.Member</c>: it is passed on, stored or captured as a value.</summary>
    private static bool IsEscape(IdentifierNameSyntax identifier) => identifier.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Name == identifier,
        NameColonSyntax => false,
        QualifiedNameSyntax => false,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } => false,
        ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } } => false,
        _ => true,
    };

    /// <summary>Whether the body does anything: empty, only throws, only calls the base method, or works.</summary>
    public static BodyShape ShapeOf(MethodDeclarationSyntax method)
    {
        if (method.ExpressionBody is { } arrow)
        {
            return arrow.Expression switch
            {
                ThrowExpressionSyntax => BodyShape.OnlyThrows,
                InvocationExpressionSyntax call when CallsBase(call, method) => BodyShape.OnlyCallsBase,
                _ => BodyShape.Working,
            };
        }

        if (method.Body is not { } block)
        {
            return BodyShape.Missing;
        }

        if (block.Statements.Count == 0)
        {
            return BodyShape.Empty;
        }

        if (OnlyThrows(block.Statements))
        {
            return BodyShape.OnlyThrows;
        }

        return block.Statements.Count == 1 && block.Statements[0] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax only } && CallsBase(only, method)
            ? BodyShape.OnlyCallsBase
            : BodyShape.Working;
    }

    private static bool OnlyThrows(SyntaxList<StatementSyntax> statements)
    {
        foreach (var statement in statements)
        {
            if (statement is not ThrowStatementSyntax)
            {
                return false;
            }
        }

        return true;
    }

    private static bool CallsBase(InvocationExpressionSyntax call, MethodDeclarationSyntax method) =>
        call.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax, Name: var name }
        && name.Identifier.ValueText == method.Identifier.ValueText;

    private static bool IsOnlySqlCalls(MethodDeclarationSyntax method, List<SqlCall> calls)
    {
        if (calls.Count == 0)
        {
            return false;
        }

        if (method.ExpressionBody is { } arrow)
        {
            return calls.Count == 1 && arrow.Expression == calls[0].Invocation;
        }

        var statements = method.Body?.Statements ?? default;
        if (statements.Count != calls.Count)
        {
            return false;
        }

        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i] is not ExpressionStatementSyntax statement || statement.Expression != calls[i].Invocation)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What the code around <paramref name="call"/> guarantees: the conditions of enclosing <c>if</c>s (negated in
    /// <c>else</c>), and of earlier <c>if (...) return;</c> / <c>throw</c> statements in the same blocks.
    /// </summary>
    private static List<Guard> GuardsAround(SyntaxNode call, SyntaxNode body, string builderName, ConstantScope scope)
    {
        var guards = new List<Guard>();
        var child = call;
        for (var parent = call.Parent; parent is not null && child != body; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IfStatementSyntax ifStatement when child == ifStatement.Statement:
                    AddGuards(ifStatement.Condition, holds: true, builderName, scope, guards);
                    break;
                case ElseClauseSyntax { Parent: IfStatementSyntax ifStatement }:
                    AddGuards(ifStatement.Condition, holds: false, builderName, scope, guards);
                    break;
                case ConditionalExpressionSyntax conditional when child == conditional.WhenTrue:
                    AddGuards(conditional.Condition, holds: true, builderName, scope, guards);
                    break;
                case ConditionalExpressionSyntax conditional when child == conditional.WhenFalse:
                    AddGuards(conditional.Condition, holds: false, builderName, scope, guards);
                    break;
                case BinaryExpressionSyntax logical when logical.IsKind(SyntaxKind.LogicalAndExpression) && child == logical.Right:
                    AddGuards(logical.Left, holds: true, builderName, scope, guards);
                    break;
                case BlockSyntax block when child is StatementSyntax statement:
                    foreach (var earlier in block.Statements)
                    {
                        if (earlier == statement)
                        {
                            break;
                        }

                        if (earlier is IfStatementSyntax { Else: null } exit && LeavesTheMethod(exit.Statement))
                        {
                            AddGuards(exit.Condition, holds: false, builderName, scope, guards);
                        }
                    }

                    break;
            }
        }

        return guards;
    }

    private static bool LeavesTheMethod(StatementSyntax statement) => statement switch
    {
        ReturnStatementSyntax or ThrowStatementSyntax => true,
        BlockSyntax { Statements.Count: > 0 } block => LeavesTheMethod(block.Statements[block.Statements.Count - 1]),
        _ => false,
    };

    private static void AddGuards(ExpressionSyntax condition, bool holds, string builderName, ConstantScope scope, List<Guard> guards)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                AddGuards(parenthesized.Expression, holds, builderName, scope, guards);
                break;
            case PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression):
                AddGuards(not.Operand, !holds, builderName, scope, guards);
                break;
            case BinaryExpressionSyntax binary
                when (binary.IsKind(SyntaxKind.LogicalAndExpression) && holds) || (binary.IsKind(SyntaxKind.LogicalOrExpression) && !holds):
                AddGuards(binary.Left, holds, builderName, scope, guards);
                AddGuards(binary.Right, holds, builderName, scope, guards);
                break;
            case InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name: IdentifierNameSyntax method },
            } invocation when receiver.Identifier.ValueText == builderName:
                var arguments = invocation.ArgumentList.Arguments;
                if (method.Identifier.ValueText == "TableExists" && arguments.Count == 1)
                {
                    guards.Add(new Guard(GuardKind.TableExists, holds, StringFact.Of(arguments[0].Expression, scope), default));
                }
                else if (method.Identifier.ValueText == "ColumnExists" && arguments.Count == 2)
                {
                    guards.Add(new Guard(GuardKind.ColumnExists, holds, StringFact.Of(arguments[0].Expression, scope), StringFact.Of(arguments[1].Expression, scope)));
                }

                break;
        }
    }
}
