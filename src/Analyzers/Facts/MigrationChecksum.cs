using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using MigrationChain.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
    // What a SQL literal's canonical form is prefixed with in the hashed text.
    private const string SqlPrefix = "sql:";

    [ThreadStatic]
    private static HashWriter? t_writer;

    [ThreadStatic]
    private static Dictionary<int, SqlCall?>? t_sqlLiterals;

    public static string Compute(MigrationDeclaration declaration)
    {
        // Each SQL literal's start, with the call whose whole argument it is (then the call's tokens, which the
        // statements are read from later, serve the canonical form too: the text is lexed once, not twice).
        // One table per thread, emptied for each class: a dictionary per migration was most of what the checksum
        // allocated of its own.
        var sqlLiterals = t_sqlLiterals ??= new Dictionary<int, SqlCall?>();
        sqlLiterals.Clear();
        foreach (var method in declaration.Methods)
        {
            foreach (var call in method.Calls)
            {
                // The usual argument is the literal itself: no walk over its tokens.
                if (call.Argument is LiteralExpressionSyntax { Token: var literal } && IsStringLiteral(literal))
                {
                    sqlLiterals[literal.SpanStart] = call;
                    continue;
                }

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
            if (sqlLiterals.Count > 0 && sqlLiterals.TryGetValue(token.SpanStart, out var call))
            {
                var sql = token.ValueText;
                writer.WriteCanonical(SqlPrefix, sql, TokensOf(sql, call));
            }
            else
            {
                writer.Write(token.Text);
            }
        }

        var checksum = writer.Finish();
        if (sqlLiterals.Count > 64)
        {
            t_sqlLiterals = null; // an unusually large class: its table is not kept for the rest of the build
        }
        else
        {
            sqlLiterals.Clear(); // nothing of the class (its calls) outlives the checksum through the table
        }

        return checksum;
    }

    private static bool IsStringLiteral(SyntaxToken token) =>
        token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken);

    // The tokens SqlCanonicalForm.Of would read: the call's, lexed once for the statements too, or the text's own.
    private static IReadOnlyList<SqlToken> TokensOf(string text, SqlCall? call) =>
        call is { Sql.IsKnown: true } && call.Sql.Value == text && call.KnownTokens(CanonicalDialect) is { } tokens
            ? tokens
            : SqlLexer.Tokenize(text, CanonicalDialect);

    /// <summary>Feeds length-prefixed UTF-8 text to SHA-256 through a buffer, so no two token sequences collide.</summary>
    private sealed class HashWriter
    {
        private const string HexDigits = "0123456789abcdef";
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[] _buffer = new byte[4096];
        private int _used;

        // True once data reached the hash since it was last finished: only an interrupted checksum leaves that behind.
        private bool _hashing;

        /// <summary>Discards anything an interrupted earlier checksum left behind.</summary>
        public void Start()
        {
            _used = 0;
            if (_hashing)
            {
                _hash.GetHashAndReset();
                _hashing = false;
            }
        }

        public void Write(string text)
        {
            AppendLength(text.Length);
            Append(text);
        }

        /// <summary>
        /// Writes <paramref name="prefix"/> and the SQL canonical form of <paramref name="sql"/> from its
        /// <paramref name="tokens"/> (<see cref="SqlCanonicalForm.Of(string, IReadOnlyList{SqlToken})"/>: the tokens
        /// other than comments, separated by one space) as one text, without building the form as a string. The same
        /// bytes: the separators are ASCII, so a token's text encodes alone as it does inside the whole form.
        /// </summary>
        public void WriteCanonical(string prefix, string sql, IReadOnlyList<SqlToken> tokens)
        {
            var length = prefix.Length;
            var written = 0;
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokens[i].Kind != SqlTokenKind.Comment)
                {
                    length += (written++ > 0 ? 1 : 0) + tokens[i].Length;
                }
            }

            AppendLength(length);
            Append(prefix);
            written = 0;
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                if (token.Kind == SqlTokenKind.Comment)
                {
                    continue;
                }

                if (written++ > 0)
                {
                    AppendSpace();
                }

                Append(sql, token.Start, token.Length);
            }
        }

        public string Finish()
        {
            Flush();
            var hash = _hash.GetHashAndReset();
            _hashing = false;
            var hex = new char[32];
            for (var i = 0; i < 16; i++)
            {
                hex[2 * i] = HexDigits[hash[i] >> 4];
                hex[(2 * i) + 1] = HexDigits[hash[i] & 0xF];
            }

            return new string(hex);
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

        private void AppendSpace()
        {
            if (_used == _buffer.Length)
            {
                Flush();
            }

            _buffer[_used++] = (byte)' ';
        }

        private void Append(string text) => Append(text, 0, text.Length);

        private void Append(string text, int start, int count)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(count);
            if (_used + needed > _buffer.Length)
            {
                Flush();
                if (needed > _buffer.Length)
                {
                    _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
                }
            }

            _used += Encoding.UTF8.GetBytes(text, start, count, _buffer, _used);
        }

        private void Flush()
        {
            if (_used > 0)
            {
                _hash.AppendData(_buffer, 0, _used);
                _used = 0;
                _hashing = true;
            }
        }
    }
}
