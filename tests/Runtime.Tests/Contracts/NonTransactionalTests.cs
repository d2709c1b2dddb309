namespace MigrationChain.Runtime.Tests.Contracts;

public abstract class NonTransactionalTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task NonTransactionalMigration_RunsOutsideATransaction()
    {
        await using var db = await CreateDatabaseAsync();

        db.Runner(typeof(Chains.NonTransactional)).UpgradeHead();

        Assert.Equal(new[] { "0001_t", "0002_vacuum", "0003_after" }, db.Recorded());
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM migration_history WHERE state <> 'applied'"));
    }

    [Fact]
    public async Task NonTransactionalMigration_IsUndoneOutsideATransaction_AndItsRecordRemoved()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.NonTransactional));
        runner.UpgradeHead();

        var result = runner.Downgrade("0001_t");

        Assert.Equal(new[] { "0003_after", "0002_vacuum" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0001_t" }, db.Recorded());
        Assert.DoesNotContain("vacuumed", db.Tables());
    }

    [Fact]
    public async Task FailedNonTransactionalMigration_MarksTheDatabase_AndTheNextRunSaysBothWaysOut()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.NonTransactional));
        runner.Upgrade("0001");
        db.Execute("CREATE TABLE fail_switch (x INTEGER)");

        var failure = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());
        Assert.Equal("0002_vacuum", failure.Revision);
        Assert.Contains("needing attention", failure.Message);
        Assert.Equal("running", db.Scalar("SELECT state FROM migration_history WHERE revision = '0002_vacuum'"));

        var refusal = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());
        Assert.Equal(DatabaseStateProblem.Interrupted, refusal.Problem);
        Assert.Equal(new[] { "0002_vacuum" }, refusal.Revisions);
        Assert.Contains("RetryInterrupted", refusal.Message);
        Assert.Contains("Stamp(\"0002_vacuum\")", refusal.Message);
        Assert.Contains("Stamp(\"0001_t\")", refusal.Message);
        Assert.True(runner.History().Single(h => h.Revision == "0002_vacuum").IsInterrupted);

        db.Execute("DROP TABLE fail_switch");
        runner.UpgradeHead(new RunOptions { RetryInterrupted = true });
        Assert.Equal(new[] { "0001_t", "0002_vacuum", "0003_after" }, db.Recorded());
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM migration_history WHERE state <> 'applied'"));
    }

    [Fact]
    public async Task StampClearsAnInterruptedMark()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.NonTransactional));
        runner.Upgrade("0001");
        db.Execute("CREATE TABLE fail_switch (x INTEGER)");
        Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        runner.Stamp("0001_t");

        Assert.Equal(new[] { "0001_t" }, db.Recorded());
        db.Execute("DROP TABLE fail_switch");
        Assert.Equal(2, runner.UpgradeHead().Steps.Count);
    }

    [Fact]
    public async Task StampOfTheInterruptedRevision_RecordsItAsFinished()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.NonTransactional));
        runner.Upgrade("0001");
        db.Execute("CREATE TABLE fail_switch (x INTEGER)");
        Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        runner.Stamp("0002_vacuum");

        Assert.Equal(new[] { "0001_t", "0002_vacuum" }, db.Recorded());
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM migration_history WHERE state <> 'applied'"));
        Assert.Equal(new[] { "0003_after" }, runner.UpgradeHead().Steps.Select(s => s.Revision));
    }
}
