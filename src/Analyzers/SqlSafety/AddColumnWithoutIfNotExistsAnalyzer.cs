using System.Collections.Generic;
using System.Collections.Immutable;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// MC3003: <c>ADD COLUMN</c> without <c>IF NOT EXISTS</c>, on PostgreSQL only (SQLite has no such clause), unless an
/// <c>if (!m.ColumnExists("t", "c"))</c> guard already makes the column certain to be missing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AddColumnWithoutIfNotExistsAnalyzer : MigrationFileAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC3003_AddColumnWithoutIfNotExists);

    /// <inheritdoc />
    private protected override void AnalyzeFile(SemanticModelAnalysisContext context, MigrationSymbols symbols)
    {
        if (SqlDialectSetting.For(context.Options, context.SemanticModel.SyntaxTree) != SqlDialect.Postgres)
        {
            return;
        }

        var labels = new Dictionary<MigrationDeclaration, string>();
        foreach (var sql in SqlInFile.Read(context, symbols, SqlDialect.Postgres))
        {
            foreach (var statement in sql.Statements)
            {
                if (statement.Kind != SqlStatementKind.AlterTable || statement.Table is not { } table)
                {
                    continue;
                }

                foreach (var action in statement.Actions)
                {
                    if (action.Kind != AlterTableActionKind.AddColumn || action.HasExistenceClause || action.Column is not { } column
                        || SqlCallReader.GuaranteesColumnAbsent(sql.Call, table, column, SqlDialect.Postgres, sql.Resolver))
                    {
                        continue;
                    }

                    var properties = SqlFixProperties.For(
                        sql.Method,
                        SqlDialect.Postgres,
                        sql.Statements.Count == 1 && statement.Actions.Count == 1,
                        action.ExistenceClauseOffset,
                        " IF NOT EXISTS",
                        DiagnosticProperties.GuardColumnAbsent,
                        table,
                        column);
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MC3003_AddColumnWithoutIfNotExists,
                        sql.Call.Argument.GetLocation(),
                        properties,
                        MigrationClass.Label(sql.Declaration, context.SemanticModel, labels, context.CancellationToken),
                        column.Text,
                        table.Text));
                }
            }
        }
    }
}
