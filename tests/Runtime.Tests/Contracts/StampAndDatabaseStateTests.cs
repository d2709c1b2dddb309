namespace MigrationChain.Runtime.Tests.Sqlite;

/// <summary>Databases whose records do not fit the code: the runner says what is wrong before changing anything, and Stamp repairs.</summary>
public class StampAndDatabaseStateTests
{
    private static void Record(SqliteDatabase db, string revision, string parents = "")
    {
        db.Execute($"INSERT INTO migration_history (revision, parents, state, applied_at, duration_ms) VALUES ('{revision}', '{parents}', 'applied', '2026-01-01T00:00:00.0000000Z', 1)");
    }

    [Fact]
    public void RevisionTheCodeDoesNotHave_IsCantLocateRevision_AndSuggestsStamp()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0002");
        Record(db, "0099_deleted_later", "zzzz");

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.UnknownRevision, error.Problem);
        Assert.Contains("Can't locate revision '0099_deleted_later'", error.Message);
        Assert.Contains("Stamp", error.Message);
        Assert.Equal(new[] { "0001_users", "0002_orders", "0099_deleted_later" }, db.Recorded());
    }

    [Fact]
    public void DatabaseAheadOfTheCode_SaysSo()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        Record(db, "0005_newer", "0004_orders_index");
        Record(db, "0006_newest", "0005_newer");

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.AheadOfCode, error.Problem);
        Assert.Contains("ahead of this code", error.Message);
        Assert.Contains("Stamp(\"0004_orders_index\")", error.Message);
    }

    [Fact]
    public void RecordedRevisionWithoutItsAncestor_IsRefused()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0001");
        Record(db, "0003_user_email", "0002_orders");

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.MissingAncestor, error.Problem);
        Assert.Contains("'0003_user_email' but not its ancestor '0002_orders'", error.Message);
    }

    [Fact]
    public void HandEditedRowsFromTwoChains_AreRepairedByStamp()
    {
        // Both 0003 and 0004 recorded (from the time 0004 was a second root), 0001 and 0002 not.
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        db.Execute("DELETE FROM migration_history WHERE revision IN ('0001_users', '0002_orders')");
        Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        var stamp = runner.Stamp("0004_orders_index");

        Assert.Empty(stamp.Steps.Where(s => s.Direction == MigrationDirection.Downgrade));
        Assert.Equal(new[] { "0001_users", "0002_orders", "0003_user_email", "0004_orders_index" }, db.Recorded());
        Assert.True(runner.UpgradeHead().WasUpToDate);
    }

    [Fact]
    public void StampToAnEarlierRevision_RemovesLaterRecordsWithoutRunningAnything()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        runner.Stamp("0002");

        Assert.Equal(new[] { "0001_users", "0002_orders" }, db.Recorded());
        Assert.Equal(1L, db.Scalar("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'email'"));
    }

    [Fact]
    public void StampBase_ClearsTheRecordsAndUnknownRevisions()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        Record(db, "0099_gone");

        runner.Stamp("base");

        Assert.Empty(db.Recorded());
    }

    [Fact]
    public void StampRemovesAnUnknownRevision()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        Record(db, "0099_gone");

        var stamp = runner.Stamp("head");

        Assert.Equal(new[] { "0099_gone" }, stamp.Steps.Select(s => s.Revision));
        Assert.Equal(4, db.Recorded().Count);
    }

    [Fact]
    public void ExistingTablesWithoutVersionTable_AreRefused_UntilStamped()
    {
        using var db = new SqliteDatabase();
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
    public void BrokenChain_IsRefusedBeforeTheDatabaseIsOpened()
    {
        using var db = new SqliteDatabase();

        var error = Assert.Throws<ChainValidationException>(() => db.Runner(typeof(Chains.TwoRoots)).UpgradeHead());

        Assert.Contains(error.Diagnostics, d => d.Id == RuleIds.SecondRoot && d.Revision == "0004_embeddings");
        Assert.Contains(error.Diagnostics, d => d.Id == RuleIds.UnknownRevision && d.Revision == "0005_orphan");
        Assert.Contains("MC1001", error.Message);
        Assert.Contains("nothing was run", error.Message);
        Assert.False(File.Exists(db.Path));
    }

    [Fact]
    public void IrreversibleMigration_StopsADowngradeBeforeAnythingChanges()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Irreversible));
        runner.UpgradeHead();

        var error = Assert.Throws<IrreversibleMigrationException>(() => runner.Downgrade("base"));

        Assert.Equal("0003_drop_legacy", error.Revision);
        Assert.Equal("drops data that cannot be restored", error.Reason);
        Assert.Equal(3, db.Recorded().Count);
    }

    [Fact]
    public void MigrationWithoutDowngrade_IsNamedWhenADowngradeNeedsIt()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Irreversible));
        runner.Upgrade("0002");

        var error = Assert.Throws<IrreversibleMigrationException>(() => runner.Downgrade("-1"));

        Assert.Equal("0002_no_downgrade", error.Revision);
        Assert.Null(error.Reason);
        Assert.Contains("has no Downgrade", error.Message);
    }
}
