using System.Security.Cryptography;
using System.Text;
using MigrationChain.Discovery;
using MigrationChain.Postgres;
using MigrationChain.Testing.Support;
using Npgsql;
using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// The first no-op of a chain in a process (a start) has the server hash the expected at-head text beside the rows,
/// so the client computes no SHA-256 and does not load the platform's cryptography; every later one sends the
/// digest computed once. Both find the same tables at head and not at head.
/// </summary>
public class PostgresAtHeadTextTests(PostgresFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FirstNoOp_HasTheServerHashTheText_LaterOnesSendTheDigest_AndBothFindTheTableAtHead(bool async)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Runner(typeof(Migrations)).UpgradeHead();

        // A runner over explicit types has a chain, and so an at-head fingerprint, of its own: its first no-op is the first.
        var runner = db.Runner(typeof(Migrations));
        var first = await UpgradeHead(runner, async);
        var digestAfterFirst = runner.Catalog.AtHead.DigestComputed;

        // A write that keeps every row moves the table's state, so the memo's remembered state no longer answers and
        // the server compares the rows with the digest the client sends.
        db.Execute($"UPDATE migration_history SET duration_ms = duration_ms WHERE revision = '{UsersRevision}'");
        var second = await UpgradeHead(runner, async);

        Assert.True(first.WasUpToDate);
        Assert.False(digestAfterFirst, "the first no-op computed the SHA-256 on the client");
        Assert.True(second.WasUpToDate);
        Assert.True(runner.Catalog.AtHead.DigestComputed);
        Assert.False(runner.HasEngine);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FirstNoOp_OnAnEditedTable_IsNotAtHead_AndTheEngineReportsTheDrift(bool async)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Runner(typeof(Migrations)).UpgradeHead();
        db.Execute($"UPDATE migration_history SET checksum = '00000000000000000000000000000000' WHERE revision = '{AuditRevision}'");
        var runner = db.Runner(typeof(Migrations));

        var result = await UpgradeHead(runner, async);

        Assert.True(runner.HasEngine);
        Assert.False(runner.Catalog.AtHead.DigestComputed);
        Assert.Contains(result.Drift, d => d.Revision == AuditRevision);
    }

    [Fact]
    public void TheTextIsSentOnce_AndNotAtAllOnceTheDigestIsKnown()
    {
        var once = MigrationCatalog.FromTypes(typeof(Migrations).GetNestedTypes()).AtHead;
        var known = MigrationCatalog.FromTypes(typeof(Migrations).GetNestedTypes()).AtHead;
        _ = known.Sha256Hex;

        Assert.True(once.SendTextThisTime());
        Assert.False(once.SendTextThisTime());
        Assert.False(known.SendTextThisTime());
    }

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public async Task TheTextWrittenIntoTheStatement_HashesToItsOwnDigest_QuotesAndBackslashesIncluded(string standardConformingStrings)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var set = new NpgsqlCommand($"SET standard_conforming_strings = {standardConformingStrings}", connection))
        {
            await set.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var texts = new[]
        {
            "d0001_users\u001f\u001f0123\u001fapplied\u001ed0002\u001fd0001_users\u001f\u001fapplied",
            "it's",
            "back\\slash",
            "x\\'; SELECT 'drop'; -- ",
            "\\x41\\n\\u0041\\101",
            "$$ $tag$ \t\r\n \u007f",
        };
        foreach (var text in texts)
        {
            var expected = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
            var literal = PostgresAtHeadLiterals.EscapeString(text);
            await using var command = new NpgsqlCommand("SELECT " + PostgresAtHeadLiterals.DigestOf(literal), connection);

            var onServer = (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);

            Assert.True(expected == onServer, $"{text} (standard_conforming_strings {standardConformingStrings}): {onServer}");
        }
    }

    [Theory]
    [InlineData("nul\0inside")]
    [InlineData("caf\u00e9")]
    [InlineData("\ud83d\ude00")]
    public void TextsOutsideAsciiOneTo127_AreNotWrittenIntoTheStatement(string text)
    {
        Assert.False(PostgresAtHeadLiterals.IsAsciiWithoutZero(text));
        Assert.Throws<ArgumentException>(() => PostgresAtHeadLiterals.EscapeString(text));
    }

    // CancellationToken.None: the memo and the text are the subject here, not cancellation.
    private static async Task<MigrationResult> UpgradeHead(MigrationRunner runner, bool async) =>
        async ? await runner.UpgradeHeadAsync(CancellationToken.None) : runner.UpgradeHead();
}
