using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>Plans one diagnostic: the edits in its migration, and the migrations that finish the recipe later.</summary>
internal delegate bool RecipePlan(OnlineFixFacts facts, MigrationEdits edits, out IReadOnlyList<ChildStep> steps);

/// <summary>
/// Applies fixes that edit a migration and add migrations after it (MC5005, MC5008): every document's edits first,
/// then the new migrations, chained one after another so Fix All over a project leaves a single head.
/// </summary>
internal static class RecipeFixes
{
    public static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> requests, RecipePlan plan, CancellationToken cancellationToken)
    {
        var planned = new List<(DocumentId Document, OnlineFixFacts Facts, IReadOnlyList<ChildStep> Steps)>();
        var edited = solution;
        foreach (var (documentId, diagnostics) in requests)
        {
            var document = solution.GetDocument(documentId);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (document is null || root is null)
            {
                continue;
            }

            var edits = new MigrationEdits();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (OnlineFixFacts.Of(document, root, diagnostic, cancellationToken) is { } facts && plan(facts, edits, out var steps))
                {
                    planned.Add((documentId, facts, steps));
                }
            }

            var changed = await edits.ApplyAsync(document, cancellationToken).ConfigureAwait(false);
            edited = edited.WithDocumentText(documentId, await changed.GetTextAsync(cancellationToken).ConfigureAwait(false));
        }

        var children = new ChildMigrations();
        foreach (var (documentId, facts, steps) in planned)
        {
            var revision = facts.Property(DiagnosticProperties.Revision) ?? facts.Declaration.Arguments?.Revision;
            if (revision is not null && steps.Count > 0)
            {
                edited = await children.AddAsync(edited, documentId, facts.Declaration.Class, revision, steps, cancellationToken).ConfigureAwait(false);
            }
        }

        return edited;
    }

    /// <summary>Registers the fix for each diagnostic the plan accepts.</summary>
    public static async Task RegisterAsync(CodeFixContext context, RecipePlan plan, Func<OnlineFixFacts, string> title, string equivalenceKey)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (OnlineFixFacts.Of(context.Document, root, diagnostic, context.CancellationToken) is { } facts && plan(facts, new MigrationEdits(), out _))
            {
                var solution = context.Document.Project.Solution;
                var request = new[] { (context.Document.Id, ImmutableArray.Create(diagnostic)) };
                context.RegisterCodeFix(CodeAction.Create(title(facts), token => ApplyAsync(solution, request, plan, token), equivalenceKey), diagnostic);
            }
        }
    }

    /// <summary>Fix All in a document, project or solution, as one change.</summary>
    internal sealed class FixAll : FixAllProvider
    {
        private readonly RecipePlan _plan;
        private readonly string _title;

        public FixAll(RecipePlan plan, string title)
        {
            _plan = plan;
            _title = title;
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
        {
            IEnumerable<Document> documents = context.Scope switch
            {
                FixAllScope.Document when context.Document is not null => new[] { context.Document },
                FixAllScope.Project => context.Project.Documents,
                FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents),
                _ => Enumerable.Empty<Document>(),
            };

            var requests = new List<(DocumentId, ImmutableArray<Diagnostic>)>();
            foreach (var document in documents.OrderBy(d => d.FilePath ?? d.Name, StringComparer.Ordinal))
            {
                var diagnostics = await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (!diagnostics.IsEmpty)
                {
                    requests.Add((document.Id, diagnostics));
                }
            }

            var solution = context.Solution;
            var plan = _plan;
            return requests.Count == 0
                ? null
                : CodeAction.Create(_title, token => ApplyAsync(solution, requests, plan, token), context.CodeActionEquivalenceKey);
        }
    }
}
