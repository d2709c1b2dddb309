using System.Collections.Generic;
using System.Collections.Immutable;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MigrationChain.Analyzers.Chain;

/// <summary>
/// MC1001-MC1008: the chain rules, reported live on the <c>[Migration]</c> attribute of each offending class. The
/// chain is validated once per compilation; each file's syntax action only looks up the findings of its own
/// migrations, so the IDE shows them on the file being edited without waiting for a full build.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ChainAnalyzer : DiagnosticAnalyzer
{
    // The one list: SupportedDiagnostics and the lookup by id are both built from it.
    private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(
        Descriptors.MC1001_SecondRoot,
        Descriptors.MC1002_UnknownRevision,
        Descriptors.MC1003_MultipleHeads,
        Descriptors.MC1004_DuplicateRevision,
        Descriptors.MC1005_Cycle,
        Descriptors.MC1006_InvalidDeclaration,
        Descriptors.MC1007_MalformedMerge,
        Descriptors.MC1008_RedundantMergeParent);

    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> ById = Supported.ToImmutableDictionary(d => d.Id);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

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
                // Validated here, once, when there are migrations: no file's action then waits for another thread to
                // build the view (a wait is billed as analyzer time too).
                if (CompilationFacts.Of(start.Compilation, start.CancellationToken).WithMigrations.Count > 0)
                {
                    chain.View(start.CancellationToken);
                }

                start.RegisterSyntaxTreeAction(tree => Analyze(tree, chain));
            }
        });
    }

    private static void Analyze(SyntaxTreeAnalysisContext context, CompilationChain chain)
    {
        var migrations = TreeFacts.Of(context.Tree, context.CancellationToken).Migrations;
        if (migrations.Count == 0)
        {
            return;
        }

        var view = chain.View(context.CancellationToken);
        for (var i = 0; i < migrations.Count; i++)
        {
            var declaration = migrations[i];
            foreach (var finding in view.DiagnosticsFor(declaration))
            {
                if (ById.TryGetValue(finding.Id, out var descriptor))
                {
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, declaration.Attribute.GetLocation(), PropertiesOf(finding), finding.Message));
                }
            }
        }
    }

    private static ImmutableDictionary<string, string?> PropertiesOf(ChainDiagnostic finding)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        switch (finding.Id)
        {
            case RuleIds.SecondRoot when finding.SuggestedRevisions.Count > 0:
                properties[DiagnosticProperties.SuggestedRevision] = finding.SuggestedRevisions[0];
                break;
            case RuleIds.UnknownRevision:
                if (finding.Revisions.Count > 1)
                {
                    properties[DiagnosticProperties.MissingRevision] = finding.Revisions[1];
                }

                if (finding.SuggestedRevisions.Count > 0)
                {
                    properties[DiagnosticProperties.SuggestedRevision] = finding.SuggestedRevisions[0];
                }

                break;
            case RuleIds.MultipleHeads when finding.SuggestedRevisions.Count > 1:
                properties[DiagnosticProperties.Heads] = string.Join(DiagnosticProperties.Separator.ToString(), (IEnumerable<string>)finding.SuggestedRevisions);
                break;
        }

        return properties.ToImmutable();
    }
}
