using System;
using System.Runtime.CompilerServices;

namespace MigrationChain.Manifest;

/// <summary>
/// The characters of a chain manifest as the reader sees them: a string (the CLI, the build task, the analyzers), or
/// the UTF-8 bytes of the attribute in an assembly's metadata, read in place (the runtime), so a start does not decode
/// a multi-megabyte string it then splits again.
/// </summary>
/// <remarks>
/// Every character the format gives a meaning to (tab, line feed, backslash, comma, digits, the flag and declaration
/// letters) is ASCII, so an indexer over UTF-8 bytes finds the same separators; only <see cref="Text"/> decodes.
/// </remarks>
internal abstract class ManifestChars
{
    public abstract int Length { get; }

    /// <summary>The code unit at <paramref name="index"/>; for UTF-8 a byte, which is only meaningful when ASCII.</summary>
    public abstract char this[int index] { get; }

    /// <summary>The first <paramref name="value"/> (ASCII) in <c>[start, start + count)</c>, or -1.</summary>
    public abstract int IndexOf(char value, int start, int count);

    /// <summary>How many times <paramref name="value"/> (ASCII) occurs.</summary>
    public abstract int Count(char value);

    /// <summary>The text of <c>[start, start + length)</c>, decoded.</summary>
    public abstract string Text(int start, int length);

    /// <summary>True when <c>[start, start + length)</c> is exactly <paramref name="value"/>; false when unsure (a
    /// caller only uses it to reuse an equal string it already holds).</summary>
    public abstract bool TextEquals(int start, int length, string value);

    /// <summary>A manifest held as a string.</summary>
    public static ManifestChars Of(string text) => new StringChars(text);

    private sealed class StringChars : ManifestChars
    {
        private readonly string _text;

        public StringChars(string text)
        {
            _text = text ?? throw new ArgumentNullException(nameof(text));
        }

        public override int Length => _text.Length;

        public override char this[int index]
        {
            [MethodImpl(StartPath.Optimized)]
            get => _text[index];
        }

        [MethodImpl(StartPath.Optimized)]
        public override int IndexOf(char value, int start, int count) => _text.IndexOf(value, start, count);

        public override int Count(char value)
        {
#if NET8_0_OR_GREATER
            return _text.AsSpan().Count(value);
#else
            var count = 0;
            for (var at = _text.IndexOf(value); at >= 0; at = _text.IndexOf(value, at + 1))
            {
                count++;
            }

            return count;
#endif
        }

        [MethodImpl(StartPath.Optimized)]
        public override string Text(int start, int length) => _text.Substring(start, length);

        [MethodImpl(StartPath.Optimized)]
        public override bool TextEquals(int start, int length, string value) =>
            value.Length == length && string.CompareOrdinal(_text, start, value, 0, length) == 0;
    }
}
