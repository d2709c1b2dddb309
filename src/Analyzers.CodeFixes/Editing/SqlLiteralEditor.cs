using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MigrationChain.Analyzers.CodeFixes.Editing;

/// <summary>
/// Changes the text of a string literal while keeping its kind: a regular literal stays regular (escaped as needed),
/// a verbatim literal stays verbatim, and a raw literal keeps its delimiters, line layout and indentation.
/// </summary>
internal static class SqlLiteralEditor
{
    /// <summary>True for a literal this editor can rewrite (not a concatenation, constant or interpolation).</summary>
    public static bool IsEditable(ExpressionSyntax? expression) =>
        expression is LiteralExpressionSyntax literal
        && literal.IsKind(SyntaxKind.StringLiteralExpression)
        && !literal.Token.ContainsDiagnostics
        && !literal.Token.IsKind(SyntaxKind.Utf8StringLiteralToken);

    /// <summary>Inserts texts at offsets of the literal's value (offsets in the original value).</summary>
    public static LiteralExpressionSyntax Insert(LiteralExpressionSyntax literal, IEnumerable<(int Offset, string Text)> insertions)
    {
        var value = literal.Token.ValueText;
        var edited = new StringBuilder(value);
        foreach (var (offset, text) in insertions.Distinct().OrderByDescending(i => i.Offset))
        {
            if (offset >= 0 && offset <= value.Length)
            {
                edited.Insert(offset, text);
            }
        }

        var replacement = SyntaxFactory.ParseExpression(Write(literal.Token, edited.ToString()));
        return replacement is LiteralExpressionSyntax rewritten && !rewritten.ContainsDiagnostics
            ? rewritten.WithTriviaFrom(literal)
            : literal;
    }

    /// <summary>The literal with its whole value replaced, keeping the literal's kind and layout.</summary>
    public static LiteralExpressionSyntax WithValue(LiteralExpressionSyntax literal, string value)
    {
        var replacement = SyntaxFactory.ParseExpression(Write(literal.Token, value));
        return replacement is LiteralExpressionSyntax rewritten && !rewritten.ContainsDiagnostics
            ? rewritten.WithTriviaFrom(literal)
            : literal;
    }

    private static string Write(SyntaxToken original, string value)
    {
        var text = original.Text;
        if (original.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
        {
            var quotes = Delimiter(text);
            return value.Contains(quotes) || value.StartsWith("\"", StringComparison.Ordinal) || value.EndsWith("\"", StringComparison.Ordinal)
                ? SymbolDisplay.FormatLiteral(value, quote: true)
                : quotes + value + quotes;
        }

        if (original.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
        {
            return MultiLineRaw(text, value);
        }

        if (text.StartsWith("@", StringComparison.Ordinal))
        {
            return "@\"" + value.Replace("\"", "\"\"") + "\"";
        }

        return SymbolDisplay.FormatLiteral(value, quote: true);
    }

    private static string Delimiter(string text)
    {
        var count = 0;
        while (count < text.Length && text[count] == '"')
        {
            count++;
        }

        return new string('"', count);
    }

    /// <summary>The value's lines between the original delimiters, each indented like the closing delimiter.</summary>
    private static string MultiLineRaw(string text, string value)
    {
        var quotes = Delimiter(text);
        var newline = text.Contains("\r\n") ? "\r\n" : "\n";
        var lastLineStart = text.LastIndexOf('\n') + 1;
        var indentation = text.Substring(lastLineStart, text.Length - lastLineStart - quotes.Length);
        if (value.Contains(quotes))
        {
            return SymbolDisplay.FormatLiteral(value, quote: true);
        }

        var written = new StringBuilder(quotes).Append(newline);
        foreach (var line in value.Split(new[] { newline }, StringSplitOptions.None))
        {
            if (line.Length > 0)
            {
                written.Append(indentation).Append(line);
            }

            written.Append(newline);
        }

        return written.Append(indentation).Append(quotes).ToString();
    }
}
