using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.Facts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace MigrationChain.Analyzers.CodeFixes.Chain;

/// <summary>
/// MC1003: adds a merge migration joining the heads, in a new file next to the first head. Every head of a group
/// carries the same diagnostic, so Fix All writes one merge per group of heads, not one per head.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMergeMigrationCodeFix)), Shared]
public sealed class AddMergeMigrationCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = RuleIds.MultipleHeads + ".AddMerge";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MultipleHeads);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new MergeFixAllProvider();

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (HeadsOf(diagnostic) is { } heads)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add a merge migration joining {string.Join(" and ", heads.Select(h => $"'{h}'"))}",
                        token => AddMergesAsync(context.Document.Project.Solution, new[] { (context.Document.Id, diagnostic.Location.SourceSpan, (IReadOnlyList<string>)heads) }, token),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The heads to join, or null when there is nothing to offer: a merge cannot name a head whose id is itself
    /// invalid (such as <c>head</c>), so that id's own diagnostic has to be fixed first.
    /// </summary>
    private static string[]? HeadsOf(Diagnostic diagnostic) =>
        diagnostic.Properties.GetValueOrDefault(DiagnosticProperties.Heads) is { Length: > 0 } joined
        && joined.Split(DiagnosticProperties.Separator) is var heads
        && heads.All(head => RevisionId.Problem(head) is null)
            ? heads
            : null;

    /// <summary>Adds one merge per distinct group of heads, each next to the head it was requested from.</summary>
    private static async Task<Solution> AddMergesAsync(Solution solution, IEnumerable<(DocumentId Document, TextSpan Span, IReadOnlyList<string> Heads)> requests, CancellationToken cancellationToken)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var taken = new Dictionary<ProjectId, (HashSet<string> Revisions, HashSet<string> Types)>();
        foreach (var (documentId, span, heads) in requests)
        {
            var document = solution.GetDocument(documentId);
            if (document is null || !done.Add(documentId.ProjectId.Id + "\u001f" + string.Join("\u001f", heads)))
            {
                continue;
            }

            if (!taken.TryGetValue(document.Project.Id, out var names))
            {
                names = await TakenNamesAsync(document.Project, cancellationToken).ConfigureAwait(false);
                taken[document.Project.Id] = names;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var (ns, fileScoped) = MergeMigrationWriter.NamespaceOf(root.FindNode(span));
            var revision = MergeMigrationWriter.RevisionFor(heads, names.Revisions);
            var className = MergeMigrationWriter.ClassNameFor(revision, n => names.Types.Contains((ns is null ? string.Empty : ns + ".") + n));
            names.Revisions.Add(revision);
            names.Types.Add((ns is null ? string.Empty : ns + ".") + className);

            var newline = text.ToString().Contains("\r\n") ? "\r\n" : "\n";
            var source = MergeMigrationWriter.Source(ns, fileScoped && SupportsFileScopedNamespaces(document), className, revision, heads, newline);
            var fileName = className + ".cs";
            var filePath = document.FilePath is { } path && Path.GetDirectoryName(path) is { } directory ? Path.Combine(directory, fileName) : null;
            solution = solution.AddDocument(DocumentId.CreateNewId(document.Project.Id), fileName, SourceText.From(source, text.Encoding), document.Folders, filePath);
        }

        return solution;
    }

    private static bool SupportsFileScopedNamespaces(Document document) =>
        document.Project.ParseOptions is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp10 };

    private static async Task<(HashSet<string> Revisions, HashSet<string> Types)> TakenNamesAsync(Project project, CancellationToken cancellationToken)
    {
        var revisions = new HashSet<string>(StringComparer.Ordinal);
        var types = new HashSet<string>(StringComparer.Ordinal);
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is not null && MigrationSymbols.Of(compilation) is { } symbols)
        {
            var chain = ChainView.Build(compilation, symbols, cancellationToken);
            foreach (var node in chain.Graph.Nodes)
            {
                revisions.Add(node.Revision);
            }
        }

        if (compilation is not null)
        {
            foreach (var name in compilation.Assembly.TypeNames)
            {
                types.Add(name);
            }

            foreach (var type in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken))
            {
                types.Add(type.ToDisplayString());
            }
        }

        return (revisions, types);
    }

    /// <summary>Collects the MC1003 diagnostics in scope and adds one merge per distinct group of heads.</summary>
    private sealed class MergeFixAllProvider : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var requests = new List<(DocumentId, TextSpan, IReadOnlyList<string>)>();
            foreach (var (document, diagnostics) in await DiagnosticsInScopeAsync(fixAllContext).ConfigureAwait(false))
            {
                foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
                {
                    if (HeadsOf(diagnostic) is { } heads)
                    {
                        requests.Add((document.Id, diagnostic.Location.SourceSpan, heads));
                    }
                }
            }

            var solution = fixAllContext.Solution;
            return requests.Count == 0
                ? null
                : CodeAction.Create("Add merge migrations joining the heads", token => AddMergesAsync(solution, requests, token), EquivalenceKey);
        }

        private static async Task<List<(Document, ImmutableArray<Diagnostic>)>> DiagnosticsInScopeAsync(FixAllContext context)
        {
            var result = new List<(Document, ImmutableArray<Diagnostic>)>();
            IEnumerable<Document> documents = context.Scope switch
            {
                FixAllScope.Document when context.Document is not null => new[] { context.Document },
                FixAllScope.Project => context.Project.Documents,
                FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents),
                _ => Enumerable.Empty<Document>(),
            };

            foreach (var document in documents.OrderBy(d => d.FilePath ?? d.Name, StringComparer.Ordinal))
            {
                var diagnostics = await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (!diagnostics.IsEmpty)
                {
                    result.Add((document, diagnostics));
                }
            }

            return result;
        }
    }
}
