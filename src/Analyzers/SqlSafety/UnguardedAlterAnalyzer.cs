using System.Collections.Immutable;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Configuration;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// MC3001: SQL passed to <c>MigrationBuilder.Sql</c> alters a table that is not known to exist there, because neither
/// the migration nor any of its ancestors creates it (or an ancestor dropped it), and nothing guards the statement.
/// The chain is replayed symbolically once per compilation; each file looks up the findings of its own migrations.
/// When a migration that is not an ancestor creates the table, the advice (and the fix) is the Parent or DependsOn that
/// makes it one: a guard would make the statement silently do nothing on a fresh database.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnguardedAlterAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MC3001_UnguardedAlter);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var chain = CompilationChain.For(start.Compilation, start.Options);
            if (chain is not null && CompilationFacts.Of(start.Compilation, start.CancellationToken).WithMigrations.Count > 0)
            {
                // The replay is needed by the first file with migrations anyway. Built here, once, before any file's
                // action runs, no other analyzer thread sits waiting for it (waits are billed as analyzer time too),
                // and every file's action is a look-up. A compilation without migrations never builds it.
                chain.Schema(start.CancellationToken);
                var compilation = start.Compilation;
                start.RegisterSyntaxTreeAction(tree => Analyze(tree, compilation, chain));
            }
        });
    }

    private static void Analyze(SyntaxTreeAnalysisContext context, Compilation compilation, CompilationChain chain)
    {
        var token = context.CancellationToken;
        var migrations = TreeFacts.Of(context.Tree, token).Migrations;
        if (migrations.Count == 0)
        {
            return;
        }

        var view = chain.View(token);
        var schema = chain.Schema(token);
        for (var i = 0; i < migrations.Count; i++)
        {
            var declaration = migrations[i];
            if (view.TryGetNode(declaration, out var node))
            {
                Report(context, compilation, view, schema, declaration, node);
            }
        }
    }

    private static void Report(SyntaxTreeAnalysisContext context, Compilation compilation, ChainView view, SchemaView schema, MigrationDeclaration declaration, int node)
    {
        var token = context.CancellationToken;

        // Under sql_dialect = both the SQL reads as PostgreSQL, but SQLite rejects ALTER TABLE IF EXISTS: advise the guard.
        // The setting is read only when there is a finding to report (most declarations have none).
        SqlTarget? setting = null;
        foreach (var (finding, alter, script) in schema.FindingsFor(declaration))
        {
            var target = setting ??= SqlDialectSetting.TargetFor(context.Options, context.Tree);
            var clauseAllowed = script.Dialect == SqlDialect.Postgres && SqlDialectSetting.AllowsPostgresOnlySql(target);
            var table = alter.Statement.Table!;
            var builder = alter.Method.BuilderName;
            var link = finding.Uncertainty.Link;
            var advice = link is not null
                ? link.Describe(table.Plain)
                : !clauseAllowed
                    ? $"SQLite has no ALTER TABLE IF EXISTS: guard the call with if ({builder}.TableExists(\"{table.Plain}\"))"
                    : $"Write ALTER TABLE IF EXISTS, or guard the call with if ({builder}.TableExists(\"{table.Plain}\"))";
            var statements = SqlCallReader.Statements(alter.Call, script.Dialect, new ValueResolver(compilation, null, token));
            var properties = SqlFixProperties.For(
                alter.Method,
                script.Dialect == SqlDialect.Sqlite ? SqlTarget.Sqlite : target,
                statements?.Count == 1,
                clauseAllowed ? alter.Statement.ExistenceClauseOffset : null,
                " IF EXISTS",
                DiagnosticProperties.GuardTableExists,
                table);

            // The fix edits the attribute of the migration the link changes, which may be in another file.
            var linkedAttribute = link is null ? null : AttributeOf(view, link.On);
            if (link is not null && linkedAttribute is not null)
            {
                properties = properties
                    .SetItem(DiagnosticProperties.LinkKind, link.Kind.ToString())
                    .SetItem(DiagnosticProperties.LinkTarget, link.Target);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MC3001_UnguardedAlter,
                alter.Call.Argument.GetLocation(),
                linkedAttribute is null ? null : new[] { linkedAttribute },
                properties,
                view.Graph.Id(node),
                table.Text,
                finding.Uncertainty.Describe(),
                advice));
        }
    }

    private static Location? AttributeOf(ChainView view, string revision)
    {
        foreach (var migration in view.Own)
        {
            if (migration.Info.Revision == revision && view.TryGetNode(migration.Declaration, out _))
            {
                return migration.Declaration.Attribute.GetLocation();
            }
        }

        return null;
    }
}
