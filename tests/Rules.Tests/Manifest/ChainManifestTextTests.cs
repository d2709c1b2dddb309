using MigrationChain.Manifest;

namespace MigrationChain.Rules.Tests.Manifest;

public class ChainManifestTextTests
{
    private static ChainManifestRow Row(string revision, RevisionInfo info, string? checksum = "c1", SourceLocation? source = null) =>
        new(revision, "Shop.Data", "Shop.Migrations.M_" + revision, checksum, info with { TypeName = "Shop.Migrations.M_" + revision }, source);

    private static void AssertSameRows(IReadOnlyList<ChainManifestRow> expected, IReadOnlyList<ChainManifestRow>? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Count, actual!.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal((e.Revision, e.AssemblyName, e.TypeName, e.Checksum, e.Source), (a.Revision, a.AssemblyName, a.TypeName, a.Checksum, a.Source));
            Assert.NotNull(a.Info);
            Assert.Equal(e.Info!.Revision, a.Info!.Revision);
            Assert.Equal(e.Info.Parents, a.Info.Parents);
            Assert.Equal(e.Info.DependsOn, a.Info.DependsOn);
            Assert.Equal(e.Info.Branch, a.Info.Branch);
            Assert.Equal(e.Info.ParentDeclaration, a.Info.ParentDeclaration);
            Assert.Equal(e.Info.IsMigrationClass, a.Info.IsMigrationClass);
            Assert.Equal(e.TypeName, a.Info.TypeName);
        }
    }

    [Fact]
    public void EveryShapeOfDeclaration_RoundTrips()
    {
        var rows = new[]
        {
            Row("0001", MigrationAttributeFacts.From("0001", null, null, "core", null), source: new SourceLocation("/src/Shop/0001.cs", 7, 5)),
            Row("0002", MigrationAttributeFacts.From("0002", "0001", null, null, new[] { "p001", "p002" }), checksum: null),
            Row("0003", MigrationAttributeFacts.From("0003", null, new[] { "0001", "0002" }, null, null)),
            Row("0004", MigrationAttributeFacts.From("0004", "0003", new[] { "0002" }, null, null) with { IsMigrationClass = false }),
        };

        var text = ChainManifestText.Write(rows);

        Assert.StartsWith(ChainManifestText.Header2 + "\n", text);
        AssertSameRows(rows, ChainManifestText.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a,b")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak\r")]
    [InlineData("back\\slash\\,\\0")]
    [InlineData("\\0")]
    [InlineData(",")]
    public void ValuesTheRulesMustSeeAsWritten_SurviveEscaping(string odd)
    {
        // Invalid declarations (an empty parent, separators inside an id) reach the rules exactly as declared, so a
        // chain validated from the manifest reports what one validated from the attributes reports.
        var info = MigrationAttributeFacts.From(odd + "r", odd, new[] { odd, "x" + odd }, odd, new[] { odd });
        var rows = new[] { new ChainManifestRow(odd + "r", "A" + odd, "T" + odd, odd + "c", info with { TypeName = "T" + odd }, new SourceLocation(odd, 1, 2)) };

        AssertSameRows(rows, ChainManifestText.Parse(ChainManifestText.Write(rows)));
    }

    [Fact]
    public void NoneAndEmpty_AreDifferent()
    {
        var none = Row("0001", MigrationAttributeFacts.From("0001", null, null, null, null));
        var empty = Row("0002", MigrationAttributeFacts.From("0002", "", null, "", new string[0]));

        var parsed = ChainManifestText.Parse(ChainManifestText.Write(new[] { none, empty }))!;

        Assert.Empty(parsed[0].Info!.Parents);
        Assert.Null(parsed[0].Info!.Branch);
        Assert.Equal(new[] { "" }, parsed[1].Info!.Parents);
        Assert.Equal("", parsed[1].Info!.Branch);
        Assert.Equal(ParentDeclaration.Parent, parsed[1].Info!.ParentDeclaration);
    }

    [Fact]
    public void AnEmptyRevisionOrTypeName_IsReadAsWritten_ButAMissingOneIsNotAManifest()
    {
        var emptyRevision = Row("", MigrationAttributeFacts.From("", "0001", null, null, null));
        var emptyType = new ChainManifestRow("0002", "Shop.Data", "", "c2", MigrationAttributeFacts.From("0002", "", null, null, null));

        var parsed = ChainManifestText.Parse(ChainManifestText.Write(new[] { emptyRevision, emptyType }));

        Assert.NotNull(parsed);
        Assert.Equal(("", ""), (parsed![0].Revision, parsed[0].Info!.Revision));
        Assert.Equal(("0002", ""), (parsed[1].Revision, parsed[1].TypeName));
        Assert.Null(ChainManifestText.Parse("migrationchain-manifest 2\n\tA\tT\tc\t\tN\t\t\tm\t\t\t"));
        Assert.Null(ChainManifestText.Parse("migrationchain-manifest 2\n0001\tA\t\tc\t\tN\t\t\tm\t\t\t"));
    }

    [Fact]
    public void TheRowsOfOneAssembly_AreReadWithoutTheOthers()
    {
        var rows = new[]
        {
            new ChainManifestRow("0001", "Shop.Data", "T1", "c1", MigrationAttributeFacts.From("0001", null, null, null, null)),
            new ChainManifestRow("0002", "Shop", "T2", "c2", MigrationAttributeFacts.From("0002", "0001", null, null, null), new SourceLocation("/src/M2.cs", 3, 2)),
            new ChainManifestRow("0003", "Shop,Data", "T3", null, MigrationAttributeFacts.From("0003", "0002", null, null, null)),
            new ChainManifestRow("0004", "Shop", "T4", "c4", MigrationAttributeFacts.From("0004", "0003", null, null, null), new SourceLocation("/src/M4.cs", 5, 2)),
        };
        var text = ChainManifestText.Write(rows);

        var own = ChainManifestText.ParseRowsOf(text, "Shop");

        Assert.Equal(new[] { rows[1], rows[3] }.Select(r => (r.Revision, r.Checksum, r.Source)), own!.Select(r => (r.Revision, r.Checksum, r.Source)));
        Assert.Equal(new[] { "0003" }, ChainManifestText.ParseRowsOf(text, "Shop,Data")!.Select(r => r.Revision));
        Assert.Empty(ChainManifestText.ParseRowsOf(text, "Sho")!);
        Assert.Null(ChainManifestText.ParseRowsOf("migrationchain-manifest 1\n0001\tShop\tT1\tc1", "Shop"));
        Assert.Null(ChainManifestText.ParseRowsOf(text.Replace("\tc4\t", "\tc4\tx\t", StringComparison.Ordinal), "Shop"));
    }

    [Fact]
    public void Format1_IsStillRead_WithoutChainFacts()
    {
        var text = "migrationchain-manifest 1\r\n0001\tShop.Data\tShop.M1\tabc\n0002\tShop.Lib\tShop.M2\t-\n";

        var rows = ChainManifestText.Parse(text)!;

        Assert.Equal(2, rows.Count);
        Assert.Equal(("0001", "Shop.Data", "Shop.M1", "abc"), (rows[0].Revision, rows[0].AssemblyName, rows[0].TypeName, rows[0].Checksum));
        Assert.Null(rows[1].Checksum);
        Assert.All(rows, r => Assert.Null(r.Info));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("migrationchain-manifest 3\n0001\tA\tT\tc")]
    [InlineData("something else")]
    [InlineData("migrationchain-manifest 1\n0001\tA\tT")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tX\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\t\t\tN\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\tfile.cs\tseven\t1")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\t\t3\t1")]
    [InlineData("migrationchain-manifest 2\n00\\q01\tA\tT\tc\t\tN\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\tp1\\\tN\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\\\tA\tT\tc\t\tN\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\t\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\tp1,,p2\tS\t\t\tm\t\t\t")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\tfile.cs\t-3\t1")]
    [InlineData("migrationchain-manifest 2\n0001\tA\tT\tc\t\tN\t\t\tm\tfile.cs\t99999999999\t1")]
    public void AnythingElse_IsNotAManifest(string? text)
    {
        Assert.Null(ChainManifestText.Parse(text));
    }

    [Fact]
    public void AManifestWithNoRevisions_HasNoRows()
    {
        Assert.Empty(ChainManifestText.Parse(ChainManifestText.Write(Array.Empty<ChainManifestRow>()))!);
    }

    [Fact]
    public void WritingARowWithoutFacts_NamesTheRevision()
    {
        var error = Assert.Throws<ArgumentException>(() => ChainManifestText.Write(new[] { new ChainManifestRow("0007", "A", "T", "c") }));

        Assert.Contains("'0007'", error.Message);
    }

    [Fact]
    public void TenThousandRows_RoundTrip()
    {
        var rows = Enumerable.Range(1, 10_000)
            .Select(i => Row($"{i:D5}", MigrationAttributeFacts.From($"{i:D5}", i == 1 ? null : $"{i - 1:D5}", null, null, null)))
            .ToArray();

        AssertSameRows(rows, ChainManifestText.Parse(ChainManifestText.Write(rows)));
    }
}
