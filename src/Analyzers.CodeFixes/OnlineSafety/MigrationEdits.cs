using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MigrationChain.Analyzers.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace MigrationChain.Analyzers.CodeFixes.OnlineSafety;

/// <summary>
/// The edits the online-safety fixes make inside one document, collected over every diagnostic first and applied in
/// one pass, so Fix All lands several words in one literal and changes each <c>[Migration]</c> attribute once.
/// </summary>
internal sealed class MigrationEdits
{
    private readonly Dictionary<LiteralExpressionSyntax, List<(int Start, int Length, string Text)>> _replacements = new();
    private readonly Dictionary<AttributeSyntax, Dictionary<string, string>> _arguments = new();

    public bool IsEmpty => _replacements.Count == 0 && _arguments.Count == 0;

    /// <summary>Inserts text at an offset of the literal's value.</summary>
    public void Insert(LiteralExpressionSyntax literal, int offset, string text) => Replace(literal, offset, 0, text);

    /// <summary>Replaces a range of the literal's value (offsets in the original value; ranges must not overlap).</summary>
    public void Replace(LiteralExpressionSyntax literal, int start, int length, string text)
    {
        if (!_replacements.TryGetValue(literal, out var list))
        {
            _replacements[literal] = list = new List<(int, int, string)>();
        }

        if (!list.Contains((start, length, text)))
        {
            list.Add((start, length, text));
        }
    }

    /// <summary>Sets a named argument of a <c>[Migration]</c> attribute, e.g. <c>Transactional = false</c>.</summary>
    public void SetArgument(AttributeSyntax attribute, string name, string value)
    {
        if (!_arguments.TryGetValue(attribute, out var arguments))
        {
            _arguments[attribute] = arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        arguments[name] = value;
    }

    public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
    {
        if (IsEmpty)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var pair in _replacements)
        {
            editor.ReplaceNode(pair.Key, (current, _) => SqlLiteralEditor.WithValue((LiteralExpressionSyntax)current, Edited(pair.Key.Token.ValueText, pair.Value)));
        }

        foreach (var pair in _arguments)
        {
            editor.ReplaceNode(pair.Key, (current, _) =>
            {
                var attribute = (AttributeSyntax)current;
                foreach (var argument in pair.Value.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    attribute = MigrationAttributeEditor.WithNamedArgument(attribute, argument.Key, argument.Value) ?? attribute;
                }

                return attribute;
            });
        }

        var changed = editor.GetChangedDocument();
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // Last range first, so earlier offsets stay valid; a range outside the value or overlapping a later one is dropped.
    private static string Edited(string value, List<(int Start, int Length, string Text)> replacements)
    {
        var edited = new System.Text.StringBuilder(value);
        var limit = value.Length;
        foreach (var (start, length, text) in replacements.OrderByDescending(r => r.Start).ThenByDescending(r => r.Length))
        {
            if (start >= 0 && start + length <= limit)
            {
                edited.Remove(start, length).Insert(start, text);
                limit = start;
            }
        }

        return edited.ToString();
    }

    /// <summary>Plans every diagnostic of a document with <paramref name="plan"/> and applies the edits.</summary>
    public static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, Func<OnlineFixFacts, MigrationEdits, bool> plan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var edits = new MigrationEdits();
        foreach (var diagnostic in diagnostics)
        {
            if (OnlineFixFacts.Of(document, root, diagnostic, cancellationToken) is { } facts)
            {
                plan(facts, edits);
            }
        }

        return await edits.ApplyAsync(document, cancellationToken).ConfigureAwait(false);
    }
}
