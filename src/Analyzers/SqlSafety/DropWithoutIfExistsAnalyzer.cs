using System.Collections.Generic;
using System.Collections.Immutable;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// MC3002: <c>DROP TABLE</c> or <c>DROP INDEX</c> without <c>IF EXISTS</c> (both dialects support it, so the advice
/// and the fix are the same under <c>sql_dialect = both</c>), unless a
/// <c>TableExists</c> guard already makes the table certain.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DropWithoutIfExistsAnalyzer : MigrationFileAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC3002_DropWithoutIfExists);

    /// <inheritdoc />
    private protected override void AnalyzeFile(SemanticModelAnalysisContext context, MigrationSymbols symbols)
    {
        var tree = context.SemanticModel.SyntaxTree;
        if (TreeFacts.Of(tree, context.CancellationToken).Migrations.Count == 0)
        {
            return;
        }

        var target = SqlDialectSetting.TargetFor(context.Options, tree);
        if (FileLocalFindings.TryReport(context, symbols, Descriptors.MC3002_DropWithoutIfExists.Id, target))
        {
            return;
        }

        var dialect = SqlDialectSetting.GrammarOf(target);
        // The labels and the list are made by the first finding: most files have none.
        Dictionary<MigrationDeclaration, string>? labels = null;
        var resolver = new ValueResolver(context.SemanticModel.Compilation, context.SemanticModel, context.CancellationToken);
        List<Diagnostic>? reported = null;
        foreach (var sql in SqlInFile.Read(context, symbols, dialect, resolver))
        {
            for (var s = 0; s < sql.Statements.Count; s++)
            {
                var statement = sql.Statements[s];
                if (statement.Kind is not (SqlStatementKind.DropTable or SqlStatementKind.DropIndex) || statement.HasExistenceClause || IsGuarded(sql.Call, statement, dialect, sql.Resolver))
                {
                    continue;
                }

                var isTable = statement.Kind == SqlStatementKind.DropTable;
                var properties = SqlFixProperties.For(
                    sql.Method,
                    target,
                    sql.Statements.Count == 1,
                    statement.ExistenceClauseOffset,
                    " IF EXISTS",
                    DiagnosticProperties.GuardTableExists,
                    isTable && statement.Dropped.Count == 1 ? statement.Dropped[0] : null);
                var diagnostic = Diagnostic.Create(
                    Descriptors.MC3002_DropWithoutIfExists,
                    sql.Call.Argument.GetLocation(),
                    properties,
                    MigrationClass.Label(sql.Declaration, context.SemanticModel, labels ??= new Dictionary<MigrationDeclaration, string>(), context.CancellationToken),
                    isTable ? "table" : "index",
                    string.Join("', '", Texts(statement)),
                    isTable ? "TABLE" : "INDEX");
                (reported ??= new List<Diagnostic>()).Add(diagnostic);
                context.ReportDiagnostic(diagnostic);
            }
        }

        FileLocalFindings.Remember(tree, symbols, Descriptors.MC3002_DropWithoutIfExists.Id, target, resolver, reported);
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
