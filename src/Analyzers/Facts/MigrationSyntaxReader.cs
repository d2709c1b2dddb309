using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// Reads a <c>[Migration]</c> class from syntax: the attribute's literal arguments, the base list, and the
/// <c>Sql</c> calls of every method taking a <c>MigrationBuilder</c>, with the <c>TableExists</c>/<c>ColumnExists</c>
/// guards around them. This is the one extraction the analyzers and the generator share.
/// </summary>
internal static class MigrationSyntaxReader
{
    public const string AttributeName = "Migration";
    public const string AttributeTypeName = "MigrationAttribute";
    public const string BuilderTypeName = "MigrationBuilder";

    /// <summary>
    /// True for <c>[Migration]</c>, <c>[MigrationAttribute]</c>, their <c>MigrationChain.</c>-qualified forms, and
    /// aliases the file declares for them. The compilation confirms the match when the names are ambiguous.
    /// </summary>
    public static bool IsCandidateAttribute(AttributeSyntax attribute, IReadOnlyCollection<string> aliases)
    {
        switch (attribute.Name)
        {
            case IdentifierNameSyntax simple:
                var name = simple.Identifier.ValueText;
                return name is AttributeName or AttributeTypeName || (aliases.Count > 0 && aliases.Contains(name));
            case QualifiedNameSyntax qualified:
                return qualified.Right.Identifier.ValueText is AttributeName or AttributeTypeName && IsMigrationChainNamespace(qualified.Left);
            default:
                return false;
        }
    }

    public static MigrationDeclaration Read(ClassDeclarationSyntax @class, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var span = attribute.GetLocation().GetMappedLineSpan();
        var location = new SourceLocation(span.Path ?? string.Empty, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
        var scope = new ConstantScope(@class);
        var methods = new List<BuilderMethod>();
        foreach (var member in @class.Members)
        {
            if (member is MethodDeclarationSyntax method && ReadMethod(method, scope) is { } read)
            {
                methods.Add(read);
            }
        }

        return new MigrationDeclaration(@class, attribute, MetadataNameOf(@class), location, ReadArguments(attribute, scope), BaseTypeOf(@class), InstantiableFromSyntax(@class), methods);
    }

    /// <summary>True when the type is written <c>MigrationBuilder</c>, qualified or not.</summary>
    public static bool IsBuilderType(TypeSyntax? type) => RightmostName(type) == BuilderTypeName;

    private static bool IsMigrationChainNamespace(NameSyntax name) => name switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText == "MigrationChain",
        AliasQualifiedNameSyntax alias => alias.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) && alias.Name.Identifier.ValueText == "MigrationChain",
        _ => false,
    };

    private static string? RightmostName(TypeSyntax? type) => type switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

    private static RevisionInfo? ReadArguments(AttributeSyntax attribute, ConstantScope scope)
    {
        string? revision = null;
        string? parent = null;
        string? branch = null;
        List<string?>? parents = null;
        List<string?>? dependsOn = null;
        var positional = 0;
        foreach (var argument in attribute.ArgumentList?.Arguments ?? default)
        {
            var named = argument.NameEquals?.Name.Identifier.ValueText;
            if (named is null)
            {
                if (positional++ > 0 || !ConstantFolder.TryFold(argument.Expression, scope, out revision))
                {
                    return null;
                }

                continue;
            }

            switch (named)
            {
                case "Parent" when ConstantFolder.TryFold(argument.Expression, scope, out parent):
                case "Branch" when ConstantFolder.TryFold(argument.Expression, scope, out branch):
                case "Transactional":
                    break;
                case "Parents" when TryFoldArray(argument.Expression, scope, out parents):
                case "DependsOn" when TryFoldArray(argument.Expression, scope, out dependsOn):
                    break;
                default:
                    return null;
            }
        }

        return MigrationAttributeFacts.From(revision, parent, parents, branch, dependsOn);
    }

    /// <summary><c>new[] { ... }</c>, <c>new string[] { ... }</c>, <c>[ ... ]</c> or <c>null</c>, every element a literal.</summary>
    private static bool TryFoldArray(ExpressionSyntax expression, ConstantScope scope, out List<string?>? values)
    {
        values = null;
        IEnumerable<ExpressionSyntax>? elements = expression switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
            ArrayCreationExpressionSyntax array when array.Initializer is not null => array.Initializer.Expressions,
            CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax) =>
                collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression),
            _ => null,
        };

        if (elements is null)
        {
            return expression.IsKind(SyntaxKind.NullLiteralExpression);
        }

        values = new List<string?>();
        foreach (var element in elements)
        {
            if (!ConstantFolder.TryFold(element, scope, out var value))
            {
                values = null;
                return false;
            }

            values.Add(value);
        }

        return true;
    }

    private static BaseTypeHint BaseTypeOf(ClassDeclarationSyntax @class)
    {
        var first = @class.BaseList is { Types.Count: > 0 } bases ? bases.Types[0].Type : null;
        if (first is null)
        {
            return BaseTypeHint.None;
        }

        var isMigration = first switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText == "Migration",
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "Migration" && IsMigrationChainNamespace(qualified.Left),
            _ => false,
        };
        return isMigration ? BaseTypeHint.Migration : BaseTypeHint.Other;
    }

    /// <summary>What the runtime requires to create the class, when this declaration is the whole class.</summary>
    private static bool? InstantiableFromSyntax(ClassDeclarationSyntax @class)
    {
        if (@class.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return null;
        }

        if (@class.Modifiers.Any(SyntaxKind.AbstractKeyword) || @class.Modifiers.Any(SyntaxKind.StaticKeyword) || @class.TypeParameterList is not null)
        {
            return false;
        }

        for (var parent = @class.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
        {
            if (outer.TypeParameterList is not null)
            {
                return false;
            }
        }

        var hasConstructor = false;
        foreach (var member in @class.Members)
        {
            if (member is ConstructorDeclarationSyntax constructor && !constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                if (constructor.ParameterList.Parameters.Count == 0 && constructor.Modifiers.Any(SyntaxKind.PublicKeyword))
                {
                    return true;
                }

                hasConstructor = true;
            }
        }

        return !hasConstructor;
    }

    /// <summary><c>Ns.Inner.Outer+Nested`1</c>: the name reflection and <c>GetTypeByMetadataName</c> use.</summary>
    private static string MetadataNameOf(ClassDeclarationSyntax @class)
    {
        // The usual migration: a non-generic class straight in a namespace (or in none), written without lists.
        if (@class.TypeParameterList is null)
        {
            switch (@class.Parent)
            {
                case CompilationUnitSyntax:
                    return @class.Identifier.ValueText;
                case BaseNamespaceDeclarationSyntax { Parent: CompilationUnitSyntax } only:
                    return NamespaceName(only) + "." + @class.Identifier.ValueText;
            }
        }

        var parts = new List<string>();
        var separators = new List<char>();
        SyntaxNode? node = @class;
        while (node is not null)
        {
            switch (node)
            {
                case TypeDeclarationSyntax type:
                    var arity = type.TypeParameterList?.Parameters.Count ?? 0;
                    parts.Add(arity == 0 ? type.Identifier.ValueText : type.Identifier.ValueText + "`" + arity);
                    separators.Add('+');
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    parts.Add(NamespaceName(ns));
                    separators.Add('.');
                    break;
            }

            node = node.Parent;
        }

        // Reading outward, a nested type follows its containing type with '+' and a namespace with '.'.
        var name = new StringBuilder();
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            name.Append(parts[i]);
            if (i > 0)
            {
                name.Append(separators[i]);
            }
        }

        return name.ToString();
    }

    private static string NamespaceName(BaseNamespaceDeclarationSyntax ns) =>
        ns.Name.ToString().Replace(" ", string.Empty).Replace("global::", string.Empty);

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
