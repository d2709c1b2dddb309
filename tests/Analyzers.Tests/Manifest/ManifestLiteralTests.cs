using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Analyzers.Tests.Verification;

namespace MigrationChain.Analyzers.Tests.Manifest;

/// <summary>
/// The generator writes the manifest's literal from pieces of a few dozen rows; the file must be, character for
/// character, the one literal of the whole manifest (escapes, quotes, non-ASCII and surrogate pairs included), and
/// two reads of one chain must compare equal so the pipeline regenerates nothing.
/// </summary>
public class ManifestLiteralTests
{
    // Revision ids and values with every character the manifest or the C# literal escapes, non-ASCII, a surrogate
    // pair (🙂), a control character and a line separator.
    private static readonly string[] Odd =
    {
        "r,1", "r\"2", "r\\3", "café", "smile🙂", "bell\u0007", "sep\u2028x", "tab\tid", "plain",
    };

    public static TheoryData<int> PieceSizes => new() { 1, 2, 4, ManifestWriter.RowsPerPiece };

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void ThePieces_WriteTheSameFileAsTheWholeManifest(int rowsPerPiece)
    {
        var compilation = Chain("Odd", Odd, "/odd dir,1/back\\slash\tfile\"ü.cs");
        var token = TestContext.Current.CancellationToken;

        var literal = ManifestWriter.ReadLiteral(compilation, token, rowsPerPiece)!;
        var whole = ManifestWriter.Read(compilation, token)!;

        var expected = ManifestWriter.Source(whole);
        Assert.Equal(expected, literal.ToSource().ToString());
        Assert.Equal(expected.Length, literal.ToSource().Length);
        Assert.Equal(expected.Length - ManifestLiteral.Prefix.Length - ManifestLiteral.Suffix.Length - 2, literal.Length);
        Assert.Equal(Generation.Run(compilation).Source, literal.ToSource().ToString());
    }

    [Fact]
    public void AManifestOfSeveralHundredRows_IsOneLargeTextReadFromItsPieces()
    {
        // Past 40,000 characters the compiler keeps a text in chunks; the reader must hand every piece over whole.
        var compilation = Chain("Large", Enumerable.Range(0, 600).Select(i => $"r{i:D4}_\"q\"\\t").ToArray(), "/src/Large.cs");
        var token = TestContext.Current.CancellationToken;

        var literal = ManifestWriter.ReadLiteral(compilation, token)!;
        var text = literal.ToSource();

        Assert.True(text.Length > 50_000, $"only {text.Length} characters");
        Assert.Equal(ManifestWriter.Source(ManifestWriter.Read(compilation, token)!), text.ToString());
    }

    [Fact]
    public void TwoReadsOfOneChain_AreEqual_AndAnotherPathIsNot()
    {
        var token = TestContext.Current.CancellationToken;
        var first = ManifestWriter.ReadLiteral(Chain("Same", Odd, "/a.cs"), token, rowsPerPiece: 2)!;
        var second = ManifestWriter.ReadLiteral(Chain("Same", Odd, "/a.cs"), token, rowsPerPiece: 2)!;
        var moved = ManifestWriter.ReadLiteral(Chain("Same", Odd, "/b.cs"), token, rowsPerPiece: 2)!;

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, moved); // same length, other text: the comparison reads the pieces
        Assert.Equal(first.Length, moved.Length);
    }

    // A linear chain of the given ids, one class per id, all in one file at the given path.
    private static Compilation Chain(string assembly, IReadOnlyList<string> ids, string path)
    {
        var text = new System.Text.StringBuilder("using MigrationChain;\n");
        for (var i = 0; i < ids.Count; i++)
        {
            var parent = i == 0 ? string.Empty : $", Parent = {SymbolDisplay.FormatLiteral(ids[i - 1], quote: true)}";
            text.Append($"[Migration({SymbolDisplay.FormatLiteral(ids[i], quote: true)}{parent})]\n")
                .Append($"public sealed class M{i} : Migration {{ public override void Upgrade(MigrationBuilder m) {{ }} }}\n");
        }

        return CSharpCompilation.Create(assembly, new[] { Compilations.Parse(text.ToString(), path) }, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }
}
