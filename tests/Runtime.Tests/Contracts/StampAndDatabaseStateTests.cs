namespace MigrationChain.Runtime.Tests.Contracts;

/// <summary>Databases whose records do not fit the code: the runner says what is wrong before changing anything, and Stamp repairs.</summary>
public abstract class StampAndDatabaseStateTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task RevisionTheCodeDoesNotHave_IsCantLocateRevision_AndSuggestsStamp()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0002");
        db.Record("0099_deleted_later", "zzzz");

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.UnknownRevision, error.Problem);
        Assert.Contains("Can't locate revision '0099_deleted_later'", error.Message);
        Assert.Contains("Stamp", error.Message);
        Assert.Equal(new[] { "0001_users", "0002_orders", "0099_deleted_later" }, db.Recorded());
    }

    [Fact]
    public async Task DatabaseAheadOfTheCode_SaysSo()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        db.Record("0005_newer", "0004_orders_index");
        db.Record("0006_newest", "0005_newer");

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.AheadOfCode, error.Problem);
        Assert.Contains("ahead of this code", error.Message);
        Assert.Contains("Stamp(\"0004_orders_index\")", error.Message);
    }

    [Fact]
    public async Task RecordedRevisionWithoutItsAncestor_IsRefused()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0001");
        db.Record("0003_user_email", "0002_orders");

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.MissingAncestor, error.Problem);
        Assert.Contains("'0003_user_email' but not its ancestor '0002_orders'", error.Message);
    }

    [Fact]
    public async Task HandEditedRowsFromTwoChains_AreRepairedByStamp()
    {
        // Both 0003 and 0004 recorded (from the time 0004 was a second root), 0001 and 0002 not.
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        db.Execute("DELETE FROM migration_history WHERE revision IN ('0001_users', '0002_orders')");
        Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        var stamp = runner.Stamp("0004_orders_index");

        Assert.DoesNotContain(stamp.Steps, s => s.Direction == MigrationDirection.Downgrade);
        Assert.Equal(new[] { "0001_users", "0002_orders", "0003_user_email", "0004_orders_index" }, db.Recorded());
        Assert.True(runner.UpgradeHead().WasUpToDate);
    }

    [Fact]
    public async Task StampToAnEarlierRevision_RemovesLaterRecordsWithoutRunningAnything()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        runner.Stamp("0002");

        Assert.Equal(new[] { "0001_users", "0002_orders" }, db.Recorded());
        Assert.True(db.HasColumn("users", "email"));
    }

    [Fact]
    public async Task StampBase_ClearsTheRecordsAndUnknownRevisions()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        db.Record("0099_gone");

        runner.Stamp("base");

        Assert.Empty(db.Recorded());
    }

    [Fact]
    public async Task StampRemovesAnUnknownRevision()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        db.Record("0099_gone");

        var stamp = runner.Stamp("head");

        Assert.Equal(new[] { "0099_gone" }, stamp.Steps.Select(s => s.Revision));
        Assert.Equal(4, db.Recorded().Count);
    }

    [Fact]
    public async Task ExistingTablesWithoutVersionTable_AreRefused_UntilStamped()
    {
        await using var db = await CreateDatabaseAsync();
        db.Execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        var runner = db.Runner(typeof(Chains.Linear));

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.Unversioned, error.Problem);
        Assert.Contains("users", error.Message);
        Assert.Contains("Stamp(\"0004_orders_index\")", error.Message);
        Assert.Equal(new[] { "users" }, db.Tables());

        runner.Stamp("0001_users");
        runner.UpgradeHead();
        Assert.Equal(4, db.Recorded().Count);
    }

    [Fact]
    public async Task BrokenChain_IsRefusedBeforeTheDatabaseIsOpened()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<ChainValidationException>(() => db.Runner(typeof(Chains.TwoRoots)).UpgradeHead());

        Assert.Contains(error.Diagnostics, d => d.Id == RuleIds.SecondRoot && d.Revision == "0004_embeddings");
        Assert.Contains(error.Diagnostics, d => d.Id == RuleIds.UnknownRevision && d.Revision == "0005_orphan");
        Assert.Contains("MC1001", error.Message);
        Assert.Contains("nothing was run", error.Message);
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task IrreversibleMigration_StopsADowngradeBeforeAnythingChanges()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Irreversible));
        runner.UpgradeHead();

        var error = Assert.Throws<IrreversibleMigrationException>(() => runner.Downgrade("base"));

        Assert.Equal("0003_drop_legacy", error.Revision);
        Assert.Equal("drops data that cannot be restored", error.Reason);
        Assert.Equal(3, db.Recorded().Count);
    }

    [Fact]
    public async Task MigrationWithoutDowngrade_IsNamedWhenADowngradeNeedsIt()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Irreversible));
        runner.Upgrade("0002");

        var error = Assert.Throws<IrreversibleMigrationException>(() => runner.Downgrade("-1"));

        Assert.Equal("0002_no_downgrade", error.Revision);
        Assert.Null(error.Reason);
        Assert.Contains("has no Downgrade", error.Message);
    }
}
