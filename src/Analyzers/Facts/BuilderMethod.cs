using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.Facts;

/// <summary>Which method of a migration class a <see cref="BuilderMethod"/> is.</summary>
internal enum BuilderMethodKind
{
    Upgrade,
    Downgrade,

    /// <summary>Any other method taking a <c>MigrationBuilder</c>.</summary>
    Helper,
}

/// <summary>How much a method body does, as far as MC2001 cares.</summary>
internal enum BodyShape
{
    /// <summary>Does something.</summary>
    Working,

    /// <summary><c>{ }</c>.</summary>
    Empty,

    /// <summary>Only <c>throw ...</c>.</summary>
    OnlyThrows,

    /// <summary>Only calls the base method of the same name (which, for <c>Downgrade</c>, throws).</summary>
    OnlyCallsBase,

    /// <summary>No body at all (abstract, extern, or incomplete code).</summary>
    Missing,
}

/// <summary>A method of a migration class that takes a <c>MigrationBuilder</c>, with its <c>Sql</c> calls in order.</summary>
internal sealed class BuilderMethod
{
    public BuilderMethod(MethodDeclarationSyntax syntax, BuilderMethodKind kind, string builderName, IReadOnlyList<SqlCall> calls, bool builderEscapes, BodyShape shape, bool isOnlySqlCalls)
    {
        Syntax = syntax;
        Kind = kind;
        BuilderName = builderName;
        Calls = calls;
        BuilderEscapes = builderEscapes;
        Shape = shape;
        IsOnlySqlCalls = isOnlySqlCalls;
    }

    public MethodDeclarationSyntax Syntax { get; }

    public BuilderMethodKind Kind { get; }

    /// <summary>The name of the <c>MigrationBuilder</c> parameter.</summary>
    public string BuilderName { get; }

    /// <summary>The <c>Sql</c> calls on the builder, in source order.</summary>
    public IReadOnlyList<SqlCall> Calls { get; }

    /// <summary>
    /// True when the builder is handed to other code (a helper, a variable): that code may run SQL no one can see here.
    /// </summary>
    public bool BuilderEscapes { get; }

    public BodyShape Shape { get; }

    /// <summary>True when every statement of the body is a <c>Sql</c> call on the builder (and there is at least one).</summary>
    public bool IsOnlySqlCalls { get; }
}
