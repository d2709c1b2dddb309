namespace MigrationChain.Runtime.Tests;

/// <summary><see cref="MigrationResult.ToString"/>: one line that says what was asked, what was done and where the database is.</summary>
public class MigrationResultTests
{
    [Fact]
    public void Upgrade_SaysWhatWasAppliedAndWhereTheDatabaseIs()
    {
        using var db = new SqliteDatabase();

        var text = db.Runner(typeof(Chains.Linear)).Upgrade("0002_orders").ToString();

        Assert.Matches(@"^upgrade to '0002_orders': applied 2 \('0001_users' and '0002_orders'\) in \d+ ms; now at 0002_orders$", text);
    }

    [Fact]
    public void AtHead_SaysNothingWasToDo()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        Assert.Equal("upgrade to 'heads': nothing to do; already at 0004_orders_index", runner.UpgradeHead().ToString());
    }

    [Fact]
    public void DryRun_SaysWhatWouldBeDone()
    {
        using var db = new SqliteDatabase();

        var text = db.Runner(typeof(Chains.Linear)).UpgradeHead(new RunOptions { DryRun = true }).ToString();

        Assert.Equal("dry run: upgrade to 'heads': would apply 4 ('0001_users', '0002_orders', '0003_user_email' and '0004_orders_index'); now at base", text);
    }

    [Fact]
    public void DowngradeAndStamp_UseTheirOwnWords()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        Assert.Matches(@"^downgrade to '-1': undid 1 \('0004_orders_index'\) in \d+ ms; now at 0003_user_email$", runner.Downgrade("-1").ToString());
        Assert.Equal("stamp '0001_users': unrecorded 2 ('0002_orders' and '0003_user_email'); now at 0001_users", runner.Stamp("0001_users").ToString());
    }

    [Fact]
    public void ManySteps_ListTheFirstFewAndHowManyMore()
    {
        var steps = Enumerable.Range(1, 12).Select(i => new MigrationStep($"{i:D4}", MigrationDirection.Upgrade, null, transactional: true, TimeSpan.FromMilliseconds(10))).ToList();

        var text = new MigrationResult(MigrationOperation.Upgrade, "head", steps, new[] { "0012" }, dryRun: false, backupPath: "/tmp/app.db.bak").ToString();

        Assert.Equal("upgrade to 'head': applied 12 ('0001', '0002', '0003', '0004' and 8 more) in 120 ms; now at 0012; backup at /tmp/app.db.bak", text);
    }
}
