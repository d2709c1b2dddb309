using System.Collections.Generic;
using System.Collections.Immutable;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// MC3003: <c>ADD COLUMN</c> without <c>IF NOT EXISTS</c>, unless an <c>if (!m.ColumnExists("t", "c"))</c> guard
/// already makes the column certain to be missing, or a plain <c>CREATE TABLE</c> earlier in the same method made the
/// table (so the column cannot be there yet). Off for SQLite, which has no such clause and nothing as cheap to
/// advise; under <c>sql_dialect = both</c> the hazard is the same on production, but the advice (and the fix) is the
/// guard, because SQLite rejects the clause.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AddColumnWithoutIfNotExistsAnalyzer : MigrationFileAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC3003_AddColumnWithoutIfNotExists);

    /// <inheritdoc />
    private protected override void AnalyzeFile(SemanticModelAnalysisContext context, MigrationSymbols symbols)
    {
        var tree = context.SemanticModel.SyntaxTree;
        if (TreeFacts.Of(tree, context.CancellationToken).Migrations.Count == 0)
        {
            return;
        }

        var target = SqlDialectSetting.TargetFor(context.Options, tree);
        if (target == SqlTarget.Sqlite || FileLocalFindings.TryReport(context, symbols, Descriptors.MC3003_AddColumnWithoutIfNotExists.Id, target))
        {
            return;
        }

        var clauseAllowed = SqlDialectSetting.AllowsPostgresOnlySql(target);

        // The labels and the list are made by the first finding, the set by the first CREATE TABLE: most files have
        // neither.
        Dictionary<MigrationDeclaration, string>? labels = null;

        // Tables a plain CREATE TABLE (no IF NOT EXISTS) made earlier in the same method: a column added to one of
        // them cannot already be there, so its ADD COLUMN needs no clause.
        HashSet<string>? createdHere = null;
        BuilderMethod? method = null;
        var resolver = new ValueResolver(context.SemanticModel.Compilation, context.SemanticModel, context.CancellationToken);
        List<Diagnostic>? reported = null;
        foreach (var sql in SqlInFile.Read(context, symbols, SqlDialect.Postgres, resolver))
        {
            if (!ReferenceEquals(method, sql.Method))
            {
                method = sql.Method;
                createdHere?.Clear();
            }

            for (var s = 0; s < sql.Statements.Count; s++)
            {
                var statement = sql.Statements[s];
                if (statement.Kind == SqlStatementKind.CreateTable && !statement.HasExistenceClause && statement.Table is { } created)
                {
                    (createdHere ??= new HashSet<string>(System.StringComparer.Ordinal)).Add(created.Key);
                }

                if (statement.Kind != SqlStatementKind.AlterTable || statement.Table is not { } table || createdHere?.Contains(table.Key) == true)
                {
                    continue;
                }

                for (var a = 0; a < statement.Actions.Count; a++)
                {
                    var action = statement.Actions[a];
                    if (action.Kind != AlterTableActionKind.AddColumn || action.HasExistenceClause || action.Column is not { } column
                        || SqlCallReader.GuaranteesColumnAbsent(sql.Call, table, column, SqlDialect.Postgres, sql.Resolver))
                    {
                        continue;
                    }

                    var properties = SqlFixProperties.For(
                        sql.Method,
                        target,
                        sql.Statements.Count == 1 && statement.Actions.Count == 1,
                        clauseAllowed ? action.ExistenceClauseOffset : null,
                        " IF NOT EXISTS",
                        DiagnosticProperties.GuardColumnAbsent,
                        table,
                        column);
                    var diagnostic = Diagnostic.Create(
                        Descriptors.MC3003_AddColumnWithoutIfNotExists,
                        sql.Call.Argument.GetLocation(),
                        properties,
                        MigrationClass.Label(sql.Declaration, context.SemanticModel, labels ??= new Dictionary<MigrationDeclaration, string>(), context.CancellationToken),
                        column.Text,
                        table.Text,
                        clauseAllowed
                            ? "Write ADD COLUMN IF NOT EXISTS"
                            : $"SQLite rejects ADD COLUMN IF NOT EXISTS: guard the call with if (!{sql.Method.BuilderName}.ColumnExists(\"{table.Plain}\", \"{column.Plain}\"))");
                    (reported ??= new List<Diagnostic>()).Add(diagnostic);
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        FileLocalFindings.Remember(tree, symbols, Descriptors.MC3003_AddColumnWithoutIfNotExists.Id, target, resolver, reported);
    }
}
