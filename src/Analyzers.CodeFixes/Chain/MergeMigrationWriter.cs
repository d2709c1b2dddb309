using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MigrationChain.Templates;

namespace MigrationChain.Analyzers.CodeFixes.Chain;

/// <summary>
/// Chooses a revision id and class name for a merge migration that fit the chain it joins; the file itself comes
/// from the shared <see cref="MigrationTemplate"/>.
/// </summary>
internal static class MergeMigrationWriter
{
    /// <summary>
    /// The next number after the heads' numeric prefixes with their width (<c>0004a</c>, <c>0004b</c> give
    /// <c>0005_merge</c>), or <c>merge_</c> followed by the heads; made unique against <paramref name="taken"/>.
    /// </summary>
    public static string RevisionFor(IReadOnlyList<string> heads, ICollection<string> taken)
    {
        var prefixes = heads.Select(NumericPrefix).ToList();
        string candidate;
        if (prefixes.All(p => p.Length is > 0 and <= 18))
        {
            var width = prefixes.Max(p => p.Length);
            var next = prefixes.Max(p => long.Parse(p, CultureInfo.InvariantCulture)) + 1;
            candidate = next.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0') + "_merge";
        }
        else
        {
            candidate = "merge_" + string.Join("_", heads.Select(Sanitize));
        }

        if (RevisionId.Problem(candidate) is not null)
        {
            candidate = "merge";
        }

        var unique = candidate;
        for (var i = 2; taken.Contains(unique); i++)
        {
            unique = candidate + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    /// <summary>The class name the command-line tool would give the revision, made unique against <paramref name="taken"/>.</summary>
    public static string ClassNameFor(string revision, Func<string, bool> taken)
    {
        var name = MigrationNaming.ClassNameFor(revision);
        var unique = name;
        for (var i = 2; taken(unique); i++)
        {
            unique = name + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    /// <summary>The merge migration's file, written by the same template as the command-line tool's <c>merge</c>.</summary>
    public static string Source(string? ns, bool fileScopedNamespace, string className, string revision, IReadOnlyList<string> heads, string newline) =>
        new MigrationTemplate(revision, className)
        {
            Namespace = ns,
            FileScopedNamespace = fileScopedNamespace,
            Parents = heads,
            NewLine = newline,
            Summary = $"Joins {string.Join(" and ", heads.Select(h => $"'{h}'"))} into one line again.",
        }.Render();

    /// <summary>The namespace a class is declared in, and whether the file uses a file-scoped namespace.</summary>
    public static (string? Namespace, bool FileScoped) NamespaceOf(SyntaxNode node)
    {
        var names = new List<string>();
        var fileScoped = false;
        foreach (var ns in node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>())
        {
            names.Insert(0, ns.Name.ToString());
            fileScoped |= ns is FileScopedNamespaceDeclarationSyntax;
        }

        return (names.Count == 0 ? null : string.Join(".", names), fileScoped);
    }

    private static string NumericPrefix(string revision)
    {
        var length = 0;
        while (length < revision.Length && revision[length] is >= '0' and <= '9')
        {
            length++;
        }

        return revision.Substring(0, length);
    }

    private static string Sanitize(string revision)
    {
        var text = new StringBuilder(revision.Length);
        foreach (var c in revision)
        {
            text.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' or '.' ? c : '_');
        }

        return text.ToString();
    }
}
