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
public sealed class AddColumnWithoutIfNotExistsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC3003_AddColumnWithoutIfNotExists);

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
        var tree = context.SemanticModel.SyntaxTree;
        var migrations = TreeFacts.Of(tree, context.CancellationToken).Migrations;
        if (migrations.Count == 0 || SqlDialectSetting.For(context.Options, tree) != SqlDialect.Postgres)
        {
            return;
        }

        foreach (var declaration in migrations)
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
        var resolver = new ValueResolver(context.SemanticModel.Compilation, context.SemanticModel, token);
        string? label = null;
        foreach (var method in declaration.Methods)
        {
            foreach (var call in method.Calls)
            {
                var statements = SqlCallReader.Statements(call, SqlDialect.Postgres, resolver);
                if (statements is null)
                {
                    continue;
                }

                foreach (var statement in statements)
                {
                    if (statement.Kind != SqlStatementKind.AlterTable || statement.Table is not { } table)
                    {
                        continue;
                    }

                    foreach (var action in statement.Actions)
                    {
                        if (action.Kind != AlterTableActionKind.AddColumn || action.HasExistenceClause || action.Column is not { } column
                            || SqlCallReader.GuaranteesColumnAbsent(call, table, column, SqlDialect.Postgres, resolver))
                        {
                            continue;
                        }

                        label ??= MigrationClass.Label(declaration, context.SemanticModel, token);
                        var properties = SqlFixProperties.For(
                            method,
                            SqlDialect.Postgres,
                            statements.Count == 1 && statement.Actions.Count == 1,
                            action.ExistenceClauseOffset,
                            " IF NOT EXISTS",
                            DiagnosticProperties.GuardColumnAbsent,
                            table,
                            column);
                        context.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.MC3003_AddColumnWithoutIfNotExists,
                            call.Argument.GetLocation(),
                            properties,
                            label,
                            column.Text,
                            table.Text));
                    }
                }
            }
        }
    }
}
