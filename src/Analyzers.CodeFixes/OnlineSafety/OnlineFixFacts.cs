using System.Globalization;
using System.Threading;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// What an MC5xxx diagnostic's properties and its place in the tree say, for the online-safety fixes: the SQL literal
/// and offsets into its value (present only when the SQL is one plain literal), and the migration it belongs to.
/// </summary>
internal sealed class OnlineFixFacts
{
    private OnlineFixFacts(Diagnostic diagnostic, ExpressionSyntax argument, MigrationDeclaration declaration, SqlTarget target)
    {
        Diagnostic = diagnostic;
        Argument = argument;
        Declaration = declaration;
        Target = target;
    }

    /// <summary>The engines the migration runs on (<c>migrationchain.sql_dialect</c> of its file).</summary>
    public SqlTarget Target { get; }

    public Diagnostic Diagnostic { get; }

    /// <summary>The <c>Sql(...)</c> argument the diagnostic is reported on.</summary>
    public ExpressionSyntax Argument { get; }

    public MigrationDeclaration Declaration { get; }

    /// <summary>The literal, when the analyzer said its offsets point into it.</summary>
    public LiteralExpressionSyntax? Literal =>
        Property(DiagnosticProperties.SqlIsLiteral) == "true" && Editing.SqlLiteralEditor.IsEditable(Argument) ? (LiteralExpressionSyntax)Argument : null;

    /// <summary>The literal's SQL text.</summary>
    public string? Sql => Literal?.Token.ValueText;

    /// <summary>The method (Upgrade or Downgrade) holding the call.</summary>
    public BuilderMethod? Method
    {
        get
        {
            foreach (var method in Declaration.Methods)
            {
                foreach (var call in method.Calls)
                {
                    if (call.Argument.Span == Argument.Span)
                    {
                        return method;
                    }
                }
            }

            return null;
        }
    }

    /// <summary>
    /// True when running the migration outside a transaction leaves nothing half done: the method holding the call
    /// runs this one statement, and the other method (Upgrade or Downgrade) at most one.
    /// </summary>
    public bool RunsOneStatementPerMethod
    {
        get
        {
            if (Property(DiagnosticProperties.SingleStatement) != "true" || Method is not { Calls.Count: 1, BuilderEscapes: false } method)
            {
                return false;
            }

            var other = ReferenceEquals(method, Declaration.Upgrade) ? Declaration.Downgrade : Declaration.Upgrade;
            return other is null
                || (other.Calls.Count == 0 && !other.BuilderEscapes)
                || (other is { Calls.Count: 1, BuilderEscapes: false } && other.Calls[0].KnownStatements(MigrationChain.Sql.SqlDialect.Postgres) is { Count: <= 1 });
        }
    }

    public string? Property(string key) => Diagnostic.Properties.TryGetValue(key, out var value) ? value : null;

    /// <summary>An offset property, checked to lie within the literal's value.</summary>
    public int? Offset(string key) =>
        Sql is { } sql && int.TryParse(Property(key), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= sql.Length
            ? offset
            : null;

    public static OnlineFixFacts? Of(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax argument
            || argument.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } @class
            || TreeFacts.Of(root.SyntaxTree, cancellationToken).Find(@class) is not { } declaration)
        {
            return null;
        }

        return new OnlineFixFacts(diagnostic, argument, declaration, SqlDialectSetting.TargetFor(document.Project.AnalyzerOptions, root.SyntaxTree));
    }
}
