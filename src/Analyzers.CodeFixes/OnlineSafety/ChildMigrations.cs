using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Analyzers.Chain;
using MigrationChain.Analyzers.CodeFixes.Chain;
using MigrationChain.Analyzers.Facts;
using MigrationChain.Templates;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>One migration a fix adds after the one it edits: its revision suffix, summary and SQL.</summary>
internal sealed record ChildStep(string Suffix, string Summary, IReadOnlyList<string> Upgrade, IReadOnlyList<string> Downgrade);

/// <summary>
/// Adds the migrations that finish a recipe in a later step (the <c>VALIDATE CONSTRAINT</c> after a <c>NOT VALID</c>
/// add), next to the migration the fix edits. A step's parent is the head of the chain that descends from that
/// migration (a child of a migration that already has children would fork the chain), and each further step of the
/// same project follows the previous one, so Fix All leaves one line, not a new head per fix.
/// </summary>
internal sealed class ChildMigrations
{
    private readonly Dictionary<ProjectId, ProjectState> _projects = new();

    /// <summary>Adds <paramref name="steps"/>, in order, after the migration of <paramref name="revision"/>.</summary>
    public async Task<Solution> AddAsync(Solution solution, DocumentId documentId, SyntaxNode nodeInMigration, string revision, IReadOnlyList<ChildStep> steps, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(documentId);
        if (document is null)
        {
            return solution;
        }

        if (!_projects.TryGetValue(document.Project.Id, out var state))
        {
            state = await ProjectState.ReadAsync(document.Project, cancellationToken).ConfigureAwait(false);
            _projects[document.Project.Id] = state;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var newline = text.ToString().Contains("\r\n") ? "\r\n" : "\n";
        var (ns, fileScoped) = MergeMigrationWriter.NamespaceOf(nodeInMigration);
        fileScoped &= document.Project.ParseOptions is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp10 };
        var parent = state.ParentFor(revision);
        foreach (var step in steps)
        {
            var child = state.NewRevision(parent, step.Suffix);
            var className = MergeMigrationWriter.ClassNameFor(child, n => state.Types.Contains((ns is null ? string.Empty : ns + ".") + n));
            state.Types.Add((ns is null ? string.Empty : ns + ".") + className);
            var source = Source(new MigrationTemplate(child, className)
            {
                Namespace = ns,
                FileScopedNamespace = fileScoped,
                Parents = new[] { parent },
                NewLine = newline,
                Summary = step.Summary,
            }, step, newline);
            var fileName = className + ".cs";
            var filePath = document.FilePath is { } path && Path.GetDirectoryName(path) is { } directory ? Path.Combine(directory, fileName) : null;
            solution = solution.AddDocument(DocumentId.CreateNewId(document.Project.Id), fileName, SourceText.From(source, text.Encoding), document.Folders, filePath);
            state.Follow(parent, child);
            parent = child;
        }

        return solution;
    }

    /// <summary>
    /// The template's file with the steps' SQL in Upgrade and Downgrade (one <c>m.Sql</c> per statement), and the lock
    /// timeout MC5014's fix writes: a recipe step still takes a lock and should not queue behind a long transaction.
    /// </summary>
    private static string Source(MigrationTemplate template, ChildStep step, string newline)
    {
        var root = CSharpSyntaxTree.ParseText(template.Render()).GetRoot();
        var methods = root.DescendantNodes().OfType<MethodDeclarationSyntax>().ToList();
        var attribute = root.DescendantNodes().OfType<AttributeSyntax>().First();
        root = root.ReplaceNodes(methods.Cast<SyntaxNode>().Append(attribute), (original, _) => original switch
        {
            MethodDeclarationSyntax { Identifier.ValueText: "Upgrade" } method => WithBody(method, step.Upgrade, newline),
            MethodDeclarationSyntax { Identifier.ValueText: "Downgrade" } method => WithBody(method, step.Downgrade, newline),
            AttributeSyntax migration => Editing.MigrationAttributeEditor.WithNamedArgument(migration, "LockTimeoutSeconds", LockTimeoutCodeFix.Seconds) ?? migration,
            _ => original,
        });
        return root.ToFullString();
    }

    private static MethodDeclarationSyntax WithBody(MethodDeclarationSyntax method, IReadOnlyList<string> statements, string newline)
    {
        var indentation = method.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();
        var inner = indentation + "    ";
        var body = new StringBuilder("{").Append(newline);
        foreach (var statement in statements)
        {
            body.Append(inner).Append("m.Sql(").Append(SymbolDisplay.FormatLiteral(statement, quote: true)).Append(");").Append(newline);
        }

        body.Append(indentation).Append('}');
        var block = (BlockSyntax)SyntaxFactory.ParseStatement(body.ToString());
        return method.WithBody(block
            .WithLeadingTrivia(method.Body?.GetLeadingTrivia() ?? default)
            .WithTrailingTrivia(method.Body?.GetTrailingTrivia() ?? default));
    }

    /// <summary>The chain as the project declares it, and the names taken so far (by the fixes too).</summary>
    private sealed class ProjectState
    {
        private readonly RevisionGraph? _graph;
        private readonly Dictionary<string, string> _followedBy = new(StringComparer.Ordinal);

        private ProjectState(RevisionGraph? graph, HashSet<string> revisions, HashSet<string> types)
        {
            _graph = graph;
            Revisions = revisions;
            Types = types;
        }

        public HashSet<string> Revisions { get; }

        public HashSet<string> Types { get; }

        public static async Task<ProjectState> ReadAsync(Project project, CancellationToken cancellationToken)
        {
            var revisions = new HashSet<string>(StringComparer.Ordinal);
            var types = new HashSet<string>(StringComparer.Ordinal);
            RevisionGraph? graph = null;
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is not null)
            {
                if (MigrationSymbols.Of(compilation) is { } symbols)
                {
                    graph = ChainView.Build(compilation, symbols, cancellationToken).Graph;
                    foreach (var node in graph.Nodes)
                    {
                        revisions.Add(node.Revision);
                    }
                }

                foreach (var type in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken))
                {
                    types.Add(type.ToDisplayString());
                }
            }

            return new ProjectState(graph, revisions, types);
        }

        /// <summary>The one head descending from <paramref name="revision"/> (after the steps added so far), else itself.</summary>
        public string ParentFor(string revision)
        {
            var parent = revision;
            if (_graph is { } graph && graph.TryGetIndex(revision, out var node))
            {
                var descendants = graph.Descendants(new[] { node });
                var heads = graph.Heads.Where(h => h == node || descendants[h]).ToList();
                if (heads.Count == 1)
                {
                    parent = graph.Id(heads[0]);
                }
            }

            while (_followedBy.TryGetValue(parent, out var next))
            {
                parent = next;
            }

            return parent;
        }

        public void Follow(string parent, string child) => _followedBy[parent] = child;

        /// <summary>
        /// The parent's numeric prefix plus one, at its width, then the suffix (<c>0007_add_fk</c> gives
        /// <c>0008_validate_fk_orders_customer</c>); the suffix alone when the parent has no number. Unique.
        /// </summary>
        public string NewRevision(string parent, string suffix)
        {
            var digits = 0;
            while (digits < parent.Length && digits < 18 && char.IsDigit(parent[digits]))
            {
                digits++;
            }

            var candidate = digits == 0
                ? suffix
                : (long.Parse(parent.Substring(0, digits), CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + "_" + suffix;
            if (RevisionId.Problem(candidate) is not null)
            {
                candidate = "online_step";
            }

            var unique = candidate;
            for (var i = 2; Revisions.Contains(unique); i++)
            {
                unique = candidate + "_" + i.ToString(CultureInfo.InvariantCulture);
            }

            Revisions.Add(unique);
            return unique;
        }
    }
}
