using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// The string constants a migration class declares itself (<c>private const string Table = "users";</c>), and those
/// of the classes it is nested in, whose values fold from syntax. A name that refers to one of them, and is not
/// hidden by a local or parameter of the same name, is read without the semantic model; since the constant is in
/// the same syntax tree, the value is as stable as the tree and may be cached with it.
/// </summary>
internal sealed class ConstantScope
{
    private readonly ClassDeclarationSyntax _class;
    private Dictionary<SyntaxNode, HashSet<string>>? _localNames;
    private Dictionary<string, ExpressionSyntax?>? _initializers;
    private Dictionary<string, string?>? _values;
    private HashSet<string>? _folding;

    public ConstantScope(ClassDeclarationSyntax @class)
    {
        _class = @class;
    }

    /// <summary>The value of a simple or class-qualified name of a foldable constant.</summary>
    public bool TryGet(ExpressionSyntax name, out string? value)
    {
        value = null;
        string identifier;
        switch (name)
        {
            case IdentifierNameSyntax simple when !IsHiddenByALocal(simple):
                identifier = simple.Identifier.ValueText;
                break;
            case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax type, Name: IdentifierNameSyntax member }
                when name.IsKind(SyntaxKind.SimpleMemberAccessExpression) && IsEnclosingClass(type.Identifier.ValueText):
                identifier = member.Identifier.ValueText;
                break;
            default:
                return false;
        }

        return TryValue(identifier, out value);
    }

    private bool TryValue(string identifier, out string? value)
    {
        value = null;
        if (_values is not null && _values.TryGetValue(identifier, out value))
        {
            return true;
        }

        Initializers().TryGetValue(identifier, out var initializer);

        // A constant defined through itself is an error; the guard keeps a broken file from recursing forever.
        _folding ??= new HashSet<string>();
        if (initializer is null || !_folding.Add(identifier))
        {
            return false;
        }

        var folded = ConstantFolder.TryFold(initializer, this, out value);
        _folding.Remove(identifier);
        if (folded)
        {
            (_values ??= new Dictionary<string, string?>())[identifier] = value;
        }

        return folded;
    }

    /// <summary><c>const string</c> fields of the class and its containing classes; the innermost wins.</summary>
    private Dictionary<string, ExpressionSyntax?> Initializers()
    {
        if (_initializers is not null)
        {
            return _initializers;
        }

        _initializers = new Dictionary<string, ExpressionSyntax?>();
        for (SyntaxNode? node = _class; node is TypeDeclarationSyntax type; node = node.Parent)
        {
            foreach (var member in type.Members)
            {
                if (member is not FieldDeclarationSyntax field || !field.Modifiers.Any(SyntaxKind.ConstKeyword) || !IsString(field.Declaration.Type))
                {
                    continue;
                }

                foreach (var variable in field.Declaration.Variables)
                {
                    if (!_initializers.ContainsKey(variable.Identifier.ValueText))
                    {
                        _initializers[variable.Identifier.ValueText] = variable.Initializer?.Value;
                    }
                }
            }
        }

        return _initializers;
    }

    private static bool IsString(TypeSyntax type) => type switch
    {
        PredefinedTypeSyntax predefined => predefined.Keyword.IsKind(SyntaxKind.StringKeyword),
        IdentifierNameSyntax { Identifier.ValueText: "String" } => true,
        QualifiedNameSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "System" }, Right.Identifier.ValueText: "String" } => true,
        _ => false,
    };

    private bool IsEnclosingClass(string name)
    {
        for (SyntaxNode? node = _class; node is TypeDeclarationSyntax type; node = node.Parent)
        {
            if (type.Identifier.ValueText == name && type.TypeParameterList is null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the member using the name declares a local, parameter or the like with that name.</summary>
    private bool IsHiddenByALocal(IdentifierNameSyntax name)
    {
        SyntaxNode? member = name;
        while (member is not null and not MemberDeclarationSyntax and not AttributeListSyntax)
        {
            member = member.Parent;
        }

        if (member is null or AttributeListSyntax || member is TypeDeclarationSyntax)
        {
            return false;
        }

        _localNames ??= new Dictionary<SyntaxNode, HashSet<string>>();
        if (!_localNames.TryGetValue(member, out var names))
        {
            names = new HashSet<string>();
            foreach (var node in member.DescendantNodes())
            {
                var declared = node switch
                {
                    VariableDeclaratorSyntax variable when node.Parent?.Parent is not FieldDeclarationSyntax => variable.Identifier,
                    ParameterSyntax parameter => parameter.Identifier,
                    SingleVariableDesignationSyntax designation => designation.Identifier,
                    ForEachStatementSyntax loop => loop.Identifier,
                    CatchDeclarationSyntax caught => caught.Identifier,
                    LocalFunctionStatementSyntax function => function.Identifier,
                    TypeParameterSyntax typeParameter => typeParameter.Identifier,
                    _ => default,
                };
                if (declared.ValueText.Length > 0)
                {
                    names.Add(declared.ValueText);
                }
            }

            _localNames[member] = names;
        }

        return names.Contains(name.Identifier.ValueText);
    }
}
