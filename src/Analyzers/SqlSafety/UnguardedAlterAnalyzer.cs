using System.Collections.Immutable;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.SqlSafety;

/// <summary>
/// MC3001: SQL passed to <c>MigrationBuilder.Sql</c> alters a table that is not known to exist there, because neither
/// the migration nor any of its ancestors creates it (or an ancestor dropped it), and nothing guards the statement.
/// The chain is replayed symbolically once per compilation; each class looks up its own findings.
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
            if (chain is not null)
            {
                start.RegisterSyntaxNodeAction(node => Analyze(node, chain), SyntaxKind.ClassDeclaration);
            }
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, CompilationChain chain)
    {
        if (MigrationClass.DeclarationOf(context) is not { } declaration)
        {
            return;
        }

        var token = context.CancellationToken;
        var view = chain.View(token);
        if (!view.TryGetNode(declaration, out var node))
        {
            return;
        }

        foreach (var (finding, alter, script) in chain.Schema(token).FindingsFor(declaration))
        {
            var table = alter.Statement.Table!;
            var builder = alter.Method.BuilderName;
            var advice = script.Dialect == SqlDialect.Sqlite
                ? $"SQLite has no ALTER TABLE IF EXISTS: guard the call with if ({builder}.TableExists(\"{table.Plain}\"))"
                : $"Write ALTER TABLE IF EXISTS, or guard the call with if ({builder}.TableExists(\"{table.Plain}\"))";
            var statements = SqlCallReader.Statements(alter.Call, script.Dialect, new ValueResolver(context.Compilation, context.SemanticModel, token));
            var properties = SqlFixProperties.For(
                alter.Call,
                alter.Method,
                script.Dialect,
                statements?.Count ?? 0,
                script.Dialect == SqlDialect.Postgres ? alter.Statement.ExistenceClauseOffset : null,
                " IF EXISTS",
                DiagnosticProperties.GuardTableExists,
                table);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MC3001_UnguardedAlter,
                alter.Call.Argument.GetLocation(),
                properties,
                view.Graph.Id(node),
                table.Text,
                finding.Uncertainty.Describe(),
                advice));
        }
    }
}
