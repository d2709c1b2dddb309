using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Planning;

namespace MigrationChain.Runtime.Tests.Execution;

/// <summary>
/// The at-head fingerprint is built at every start without going through version rows: its text must still be the
/// rows a database at head holds, in byte order, and its heads what a full read of those rows reports.
/// </summary>
public class AtHeadFingerprintTests
{
    public static TheoryData<string> ChainNames() => new() { nameof(Chains.Linear), nameof(Chains.Branched), nameof(Chains.Merged), nameof(DriftChain) };

    [Theory]
    [MemberData(nameof(ChainNames))]
    public void Heads_AreWhatAFullReadOfEveryRowReports(string chain)
    {
        var catalog = Catalog(chain);

        var fingerprint = AtHeadFingerprint.For(catalog);

        var everyRow = catalog.Definitions
            .Select(d => new VersionRow(d.Revision, d.Info.Parents, VersionRowState.Applied, DateTimeOffset.UnixEpoch, TimeSpan.Zero, d.Checksum))
            .ToList();
        var fullRead = AppliedState.Read(catalog.Graph, new VersionTableSnapshot(true, everyRow));
        Assert.Equal(fullRead.CurrentHeads(), fingerprint.Heads);
    }

    [Theory]
    [MemberData(nameof(ChainNames))]
    public void Text_IsEveryRowInByteOrder(string chain)
    {
        var catalog = Catalog(chain);

        var fingerprint = AtHeadFingerprint.For(catalog);

        var expected = string.Join(
            AtHeadFingerprint.RowSeparator,
            catalog.Definitions
                .OrderBy(d => d.Revision, StringComparer.Ordinal)
                .Select(d => string.Join(AtHeadFingerprint.FieldSeparator, d.Revision, string.Join(" ", d.Info.Parents), d.Checksum, "applied")));
        Assert.Equal(expected, fingerprint.Text);
        Assert.Equal(catalog.Definitions.Length, fingerprint.Rows);
    }

    [Fact]
    public void TheChainsTested_CoverIdsInOrderAndOutOfOrder_MergesAndSeveralHeads()
    {
        static bool InOrder(MigrationCatalog c) =>
            c.Definitions.Select(d => d.Revision).SequenceEqual(c.Definitions.Select(d => d.Revision).Order(StringComparer.Ordinal));

        Assert.True(InOrder(Catalog(nameof(Chains.Linear))));
        Assert.False(InOrder(Catalog(nameof(Chains.Branched))));
        Assert.Equal(3, AtHeadFingerprint.For(Catalog(nameof(Chains.Branched))).Heads.Count);
        Assert.Contains(Catalog(nameof(Chains.Merged)).Definitions, d => d.Info.Parents.Count == 2);
    }

    [Fact]
    public void Heads_CannotBeChangedThroughTheResult()
    {
        var heads = AtHeadFingerprint.For(Catalog(nameof(Chains.Linear))).Heads;

        Assert.False(heads is string[], "the heads are shared by every result of the process; a caller could cast and change them");
    }

    private static MigrationCatalog Catalog(string chain) => MigrationCatalog.FromTypes(chain switch
    {
        nameof(Chains.Linear) => typeof(Chains.Linear).GetNestedTypes(),
        nameof(Chains.Branched) => typeof(Chains.Branched).GetNestedTypes(),
        nameof(Chains.Merged) => typeof(Chains.Merged).GetNestedTypes(),
        _ => typeof(DriftChain.Migrations).GetNestedTypes(),
    });
}
