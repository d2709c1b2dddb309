using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MigrationChain.Analyzers.Facts;

/// <summary>
/// A checksum of what a migration does (docs/checksum.md): SHA-256 over the tokens of its class declaration without
/// trivia, so C# whitespace and comments do not count; string literals passed straight to <c>Sql(...)</c> count by
/// their SQL canonical form, so SQL layout and SQL comments do not count either. The first 32 hex digits, lower case.
/// </summary>
internal static class MigrationChecksum
{
    // The checksum must not move when someone switches the dialect setting, so SQL is always read one way.
    private const SqlDialect CanonicalDialect = SqlDialect.Postgres;

    public static string Compute(MigrationDeclaration declaration)
    {
        var sqlLiterals = new HashSet<int>();
        foreach (var method in declaration.Methods)
        {
            foreach (var call in method.Calls)
            {
                foreach (var token in call.Argument.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                    {
                        sqlLiterals.Add(token.SpanStart);
                    }
                }
            }
        }

        var text = new StringBuilder();
        foreach (var token in declaration.Class.DescendantTokens())
        {
            var value = sqlLiterals.Contains(token.SpanStart) ? "sql:" + SqlCanonicalForm.Of(token.ValueText, CanonicalDialect) : token.Text;

            // Length-prefixed, so no two token sequences can run together into the same text.
            text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        var hex = new StringBuilder(32);
        for (var i = 0; i < 16; i++)
        {
            hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
