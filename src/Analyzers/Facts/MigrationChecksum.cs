using System;
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

    // Hashing thousands of small classes: one hash object and one buffer per thread instead of one per class.
    [ThreadStatic]
    private static HashWriter? t_writer;

    public static string Compute(MigrationDeclaration declaration)
    {
        // Each SQL literal's start, with the call whose whole argument it is (then the call's tokens, which the
        // statements are read from later, serve the canonical form too: the text is lexed once, not twice).
        var sqlLiterals = new Dictionary<int, SqlCall?>();
        foreach (var method in declaration.Methods)
        {
            foreach (var call in method.Calls)
            {
                foreach (var token in call.Argument.DescendantTokens())
                {
                    if (IsStringLiteral(token))
                    {
                        sqlLiterals[token.SpanStart] = call.Argument.Span == token.Span ? call : null;
                    }
                }
            }
        }

        var writer = t_writer ??= new HashWriter();
        writer.Start();
        foreach (var token in declaration.Class.DescendantTokens())
        {
            writer.Write(sqlLiterals.Count > 0 && sqlLiterals.TryGetValue(token.SpanStart, out var call)
                ? "sql:" + CanonicalForm(token.ValueText, call)
                : token.Text);
        }

        return writer.Finish();
    }

    private static bool IsStringLiteral(SyntaxToken token) =>
        token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken);

    private static string CanonicalForm(string text, SqlCall? call) =>
        call is { Sql.IsKnown: true } && call.Sql.Value == text && call.KnownTokens(CanonicalDialect) is { } tokens
            ? SqlCanonicalForm.Of(text, tokens)
            : SqlCanonicalForm.Of(text, CanonicalDialect);

    /// <summary>Feeds length-prefixed UTF-8 text to SHA-256 through a buffer, so no two token sequences collide.</summary>
    private sealed class HashWriter
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[] _buffer = new byte[4096];
        private int _used;

        /// <summary>Discards anything an interrupted earlier checksum left behind.</summary>
        public void Start()
        {
            _used = 0;
            _hash.GetHashAndReset();
        }

        public void Write(string text)
        {
            AppendLength(text.Length);
            Append(text);
        }

        public string Finish()
        {
            Flush();
            var hash = _hash.GetHashAndReset();
            var hex = new StringBuilder(32);
            for (var i = 0; i < 16; i++)
            {
                hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }

        /// <summary>The decimal length and a colon, written straight into the buffer.</summary>
        private void AppendLength(int length)
        {
            if (_used + 12 > _buffer.Length)
            {
                Flush();
            }

            var start = _used;
            do
            {
                _buffer[_used++] = (byte)('0' + (length % 10));
                length /= 10;
            }
            while (length > 0);

            Array.Reverse(_buffer, start, _used - start);
            _buffer[_used++] = (byte)':';
        }

        private void Append(string text)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_used + needed > _buffer.Length)
            {
                Flush();
                if (needed > _buffer.Length)
                {
                    _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
                }
            }

            _used += Encoding.UTF8.GetBytes(text, 0, text.Length, _buffer, _used);
        }

        private void Flush()
        {
            if (_used > 0)
            {
                _hash.AppendData(_buffer, 0, _used);
                _used = 0;
            }
        }
    }
}
