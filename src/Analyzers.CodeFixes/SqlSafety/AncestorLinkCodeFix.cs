using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Analyzers.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.CodeFixes.SqlSafety;

/// <summary>
/// MC3001 when another migration creates the table: makes that migration an ancestor, with the Parent (on the stray
/// root the chain starts from, possibly in another file) or the DependsOn entry (on the migration itself) that the
/// schema replay chose and checked not to close a cycle. The attribute to edit is the diagnostic's additional location.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AncestorLinkCodeFix)), Shared]
public sealed class AncestorLinkCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnguardedAlter);

    /// <inheritdoc />
    /// <remarks>The batch fixer merges changes to every document, and a Parent fix edits another migration's file.</remarks>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Link(diagnostic) is not { } link)
            {
                continue;
            }

            var title = link.Kind == "Parent"
                ? $"Set Parent = \"{link.Target}\" on the migration this chain starts from"
                : $"Add \"{link.Target}\" to DependsOn";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    token => ApplyAsync(context.Document.Project.Solution, ImmutableArray.Create(diagnostic), token),
                    equivalenceKey: RuleIds.UnguardedAlter + ".Link" + link.Kind),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static (string Kind, string Target, Location Attribute)? Link(Diagnostic diagnostic) =>
        diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.LinkKind) is { } kind
        && diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.LinkTarget) is { } target
        && diagnostic.AdditionalLocations.Count > 0 && diagnostic.AdditionalLocations[0].IsInSource
            ? (kind, target, diagnostic.AdditionalLocations[0])
            : null;

    /// <summary>Every link of the diagnostics applied, grouped per attribute (one attribute may gain several entries).</summary>
    private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var byTree = diagnostics.Select(Link).OfType<(string Kind, string Target, Location Attribute)>().GroupBy(l => l.Attribute.SourceTree!);
        foreach (var tree in byTree)
        {
            if (solution.GetDocument(tree.Key) is not { } document || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var edits = new Dictionary<AttributeSyntax, List<(string Kind, string Target)>>();
            foreach (var link in tree)
            {
                if (root.FindNode(link.Attribute.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is { } attribute)
                {
                    if (!edits.TryGetValue(attribute, out var list))
                    {
                        edits[attribute] = list = new List<(string, string)>();
                    }

                    if (!list.Contains((link.Kind, link.Target)))
                    {
                        list.Add((link.Kind, link.Target));
                    }
                }
            }

            var newRoot = root.ReplaceNodes(edits.Keys, (original, rewritten) =>
            {
                var attribute = rewritten;
                foreach (var (kind, target) in edits[original])
                {
                    attribute = (kind == "Parent"
                        ? MigrationAttributeEditor.WithParent(attribute, target)
                        : MigrationAttributeEditor.WithDependsOn(attribute, target)) ?? attribute;
                }

                return attribute;
            });
            solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
        }

        return solution;
    }
}
