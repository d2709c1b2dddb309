using System.Collections.Immutable;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// MC3002: <c>DROP TABLE</c> or <c>DROP INDEX</c> without <c>IF EXISTS</c> (both dialects support it), unless a
/// <c>TableExists</c> guard already makes the table certain.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DropWithoutIfExistsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC3002_DropWithoutIfExists);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = MigrationSymbols.Of(start.Compilation);
            if (symbols is not null)
            {
                start.RegisterSemanticModelAction(model => Analyze(model, symbols));
            }
        });
    }

    private static void Analyze(SemanticModelAnalysisContext context, MigrationSymbols symbols)
    {
        foreach (var declaration in TreeFacts.Of(context.SemanticModel.SyntaxTree, context.CancellationToken).Migrations)
        {
            if (MigrationClass.IsConfirmed(declaration, symbols, context.SemanticModel, context.CancellationToken))
            {
                Analyze(context, declaration);
            }
        }
    }

    private static void Analyze(SemanticModelAnalysisContext context, MigrationDeclaration declaration)
    {
        var token = context.CancellationToken;
        var dialect = SqlDialectSetting.For(context.Options, declaration.Class.SyntaxTree);
        var resolver = new ValueResolver(context.SemanticModel.Compilation, context.SemanticModel, token);
        string? label = null;
        foreach (var method in declaration.Methods)
        {
            foreach (var call in method.Calls)
            {
                var statements = SqlCallReader.Statements(call, dialect, resolver);
                if (statements is null)
                {
                    continue;
                }

                foreach (var statement in statements)
                {
                    if (statement.Kind is not (SqlStatementKind.DropTable or SqlStatementKind.DropIndex) || statement.HasExistenceClause || IsGuarded(call, statement, dialect, resolver))
                    {
                        continue;
                    }

                    var isTable = statement.Kind == SqlStatementKind.DropTable;
                    label ??= MigrationClass.Label(declaration, context.SemanticModel, token);
                    var properties = SqlFixProperties.For(
                        method,
                        dialect,
                        statements.Count == 1,
                        statement.ExistenceClauseOffset,
                        " IF EXISTS",
                        DiagnosticProperties.GuardTableExists,
                        isTable && statement.Dropped.Count == 1 ? statement.Dropped[0] : null);
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MC3002_DropWithoutIfExists,
                        call.Argument.GetLocation(),
                        properties,
                        label,
                        isTable ? "table" : "index",
                        string.Join("', '", Texts(statement)),
                        isTable ? "TABLE" : "INDEX"));
                }
            }
        }
    }

    private static bool IsGuarded(SqlCall call, ClassifiedStatement statement, SqlDialect dialect, ValueResolver resolver)
    {
        if (statement.Kind != SqlStatementKind.DropTable)
        {
            return false;
        }

        foreach (var dropped in statement.Dropped)
        {
            if (!SqlCallReader.GuaranteesTable(call, dropped, dialect, resolver))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] Texts(ClassifiedStatement statement)
    {
        var texts = new string[statement.Dropped.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = statement.Dropped[i].Text;
        }

        return texts;
    }
}
