using MigrationChain.Discovery;
using MigrationChain.Execution;
using MigrationChain.Postgres;
using MigrationChain.Sqlite;
using MigrationChain.Testing.Support;
using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Execution;

/// <summary>
/// A no-op <c>UpgradeHead()</c> asks the database whether its version table is exactly at head instead of reading
/// every row. Only that exact state may skip the read: every state a full read would report, refuse or warn about
/// must come back as the full read.
/// </summary>
public abstract class AtHeadProbeTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private protected abstract DatabaseProvider Provider(TestDatabase db);

    private static readonly MigrationCatalog Catalog = MigrationCatalog.FromTypes(typeof(Migrations).GetNestedTypes());

    [Fact]
    public async Task ExactlyAtHead_AnswersWithoutRows()
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(Migrations)).UpgradeHead();

        Assert.Null(await ProbeAsync(db));
    }

    [Theory]
    [InlineData("edited", $"UPDATE migration_history SET checksum = '00000000000000000000000000000000' WHERE revision = '{AuditRevision}'")]
    [InlineData("no checksum recorded", $"UPDATE migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'")]
    [InlineData("wrong parents", $"UPDATE migration_history SET parents = '' WHERE revision = '{OrdersRevision}'")]
    [InlineData("interrupted", $"UPDATE migration_history SET state = 'running' WHERE revision = '{OrdersRevision}'")]
    [InlineData("pending", $"DELETE FROM migration_history WHERE revision = '{OrdersRevision}'")]
    [InlineData("unknown revision", $"INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) SELECT 'd0004_gone', '{OrdersRevision}', 'applied', applied_at, 0 FROM migration_history WHERE revision = '{OrdersRevision}'")]
    [InlineData("renamed revision", $"UPDATE migration_history SET revision = 'd0003_orderz' WHERE revision = '{OrdersRevision}'")]
    public async Task AnyOtherState_IsReadInFull(string state, string change)
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(Migrations)).UpgradeHead();
        db.Execute(change);

        var snapshot = await ProbeAsync(db);

        Assert.True(snapshot is not null, $"{state}: the probe claimed the table is at head");
        Assert.True(snapshot.Exists);
        Assert.Equal(db.Recorded(), snapshot.Rows.Select(r => r.Revision).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FreshDatabase_IsReadAsMissing()
    {
        await using var db = await CreateDatabaseAsync();

        var snapshot = await ProbeAsync(db);

        Assert.NotNull(snapshot);
        Assert.False(snapshot.Exists);
    }

    [Fact]
    public async Task AtHead_ReportsTheSameCurrentRevisionsAsAFullRead()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Branched));
        runner.UpgradeHead();

        var result = runner.UpgradeHead();

        var catalog = MigrationCatalog.FromTypes(typeof(Chains.Branched).GetNestedTypes());
        await using var session = await Provider(db).OpenAsync(TestContext.Current.CancellationToken);
        var fullRead = MigrationChain.Planning.AppliedState.Read(catalog.Graph, await session.ReadAsync(null, TestContext.Current.CancellationToken));
        Assert.True(result.WasUpToDate);
        Assert.Equal(fullRead.CurrentHeads(), result.Current);
        Assert.Equal(fullRead.CurrentHeads(), runner.Current());
        Assert.Equal(3, result.Current.Count);
    }

    [Fact]
    public async Task AtHead_WithDrift_StillReportsIt()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Migrations));
        runner.UpgradeHead();
        db.Execute($"UPDATE migration_history SET checksum = '00000000000000000000000000000000' WHERE revision = '{AuditRevision}'");

        var result = runner.UpgradeHead();

        Assert.True(result.WasUpToDate);
        Assert.Equal(new[] { AuditRevision }, result.Drift.Select(d => d.Revision));
    }

    private async Task<MigrationChain.Planning.VersionTableSnapshot?> ProbeAsync(TestDatabase db)
    {
        await using var session = await Provider(db).OpenAsync(TestContext.Current.CancellationToken);
        return await ((IAtHeadProbe)session).ReadUnlessAtHeadAsync(Catalog.AtHead, TestContext.Current.CancellationToken);
    }
}

public sealed class SqliteAtHeadProbeTests : AtHeadProbeTests
{
    private static readonly MigrationCatalog Catalog = MigrationCatalog.FromTypes(typeof(Migrations).GetNestedTypes());

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());

    private protected override DatabaseProvider Provider(TestDatabase db) => new SqliteProvider(db.ConnectionString, new MigrationRunnerOptions());

    // A connection that found the table at head remembers it until SQLite's counters move: these are the three ways
    // the table can change under it, and each must make it look again.
    [Theory]
    [InlineData("another connection commits", false, $"UPDATE migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'")]
    [InlineData("the same connection writes", true, $"UPDATE migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'")]
    [InlineData("the same connection renames the table", true, "ALTER TABLE migration_history RENAME TO old_history")]
    public async Task RememberedAtHead_LooksAgain_WhenTheTableChanged(string how, bool sameConnection, string change)
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(Migrations)).UpgradeHead();
        await using var session = await Provider(db).OpenAsync(TestContext.Current.CancellationToken);
        var probe = (IAtHeadProbe)session;
        Assert.Null(await probe.ReadUnlessAtHeadAsync(Catalog.AtHead, TestContext.Current.CancellationToken));
        Assert.Null(await probe.ReadUnlessAtHeadAsync(Catalog.AtHead, TestContext.Current.CancellationToken));

        if (sameConnection)
        {
            using var command = session.Connection.CreateCommand();
            command.CommandText = change;
            command.ExecuteNonQuery();
        }
        else
        {
            db.Execute(change);
        }

        Assert.True(await probe.ReadUnlessAtHeadAsync(Catalog.AtHead, TestContext.Current.CancellationToken) is not null, $"{how}: still remembered at head");
    }

    // The expected text is written into the comparison as a string literal (no parameter to bind at a start): a
    // quote in it must be compared as a quote, not end the literal.
    [Theory]
    [InlineData("it's", true)]
    [InlineData("it''s", false)]
    [InlineData("x' OR 1=1 OR '", false)]
    public void TheExpectedText_IsComparedAsWritten_QuotesIncluded(string expectedChecksum, bool atHead)
    {
        using var db = new SqliteDatabase();
        db.Execute(SqliteVersionTable.Create("migration_history"));
        db.Execute("INSERT INTO migration_history (revision, parents, state, applied_at, checksum) VALUES ('r1', '', 'applied', 'now', 'it''s')");
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = SqliteVersionTable.MatchesAtHead("migration_history", 1, $"r1\u001f\u001f{expectedChecksum}\u001fapplied");

        Assert.Equal(atHead, command.ExecuteScalar() is SqliteVersionTable.AtHeadAnswer);
    }
}

public sealed class PostgresAtHeadProbeTests(PostgresFixture fixture) : AtHeadProbeTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);

    private protected override DatabaseProvider Provider(TestDatabase db) => new PostgresProvider(db.ConnectionString, new MigrationRunnerOptions());
}
