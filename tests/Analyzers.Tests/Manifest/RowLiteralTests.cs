using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;
using MigrationChain.Analyzers.Manifest;
using MigrationChain.Manifest;

namespace MigrationChain.Analyzers.Tests.Manifest;

/// <summary>
/// The generator writes each row's literal itself for the usual row (printable ASCII and tabs) and leaves anything
/// else to <c>SymbolDisplay.FormatLiteral</c>: both must give, character for character, what FormatLiteral gives for
/// the row as <see cref="ChainManifestText.Write"/> writes it, since that text is compiled into the assembly.
/// </summary>
public class RowLiteralTests
{
    public static TheoryData<string> Values => new()
    {
        "20240101_plain",
        "with\"quote",
        "back\\slash",
        "tab\tinside",
        "comma,and\\,escape",
        "line\nbreak\rreturn",
        "all ASCII: !#$%&'()*+-./:;<=>?@[]^_`{|}~ 0123456789",
        "del\u007fchar",
        "bell\u0007",
        "café",
        "smile🙂",
        "sep\u2028x",
        string.Empty,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void ARowsLiteral_IsFormatLiteralOfItsText(string value)
    {
        var info = MigrationAttributeFacts.From(value, value, new[] { "p1", value }, value, new[] { value });
        var rows = new List<ChainManifestRow>
        {
            new(value, "Assembly" + value, "Ns.Type" + value, "0123456789abcdef0123456789abcdef", info, new SourceLocation("C:\\src\\" + value + ".cs", 12, 3)),
            new(value, "Other", "Ns.Other", null, info),
        };

        foreach (var row in rows)
        {
            var text = ChainManifestText.Write(new[] { row }).Substring(ChainManifestText.Header2.Length);
            var quoted = SymbolDisplay.FormatLiteral(text, quote: true);

            Assert.Equal(quoted.Substring(1, quoted.Length - 2), RowLiteral.Of(row, info));
        }
    }
}
