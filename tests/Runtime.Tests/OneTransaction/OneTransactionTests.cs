using MigrationChain.Testing.Support;
using static MigrationChain.Runtime.Tests.OneTransaction.OneTransactionChains;

namespace MigrationChain.Runtime.Tests.OneTransaction;

/// <summary>
/// <see cref="MigrationTransactionMode.OneTransaction"/>: every pending migration and its version row commit
/// together or not at all, up and down; a run that would take a non-transactional migration is refused first.
/// </summary>
public abstract class OneTransactionTests
{
    private static readonly MigrationRunnerOptions OneTransaction = new() { TransactionMode = MigrationTransactionMode.OneTransaction };

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Upgrade_AppliesEveryMigration_AndRecordsEach()
    {
        await using var db = await CreateDatabaseAsync();

        var result = db.Runner(typeof(FiveSteps), OneTransaction).UpgradeHead();

        Assert.Equal(new[] { "0001_a", "0002_b", "0003_c", "0004_d", "0005_e" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0001_a", "0002_b", "0003_c", "0004_d", "0005_e" }, db.Recorded());
        Assert.Equal(new[] { "0005_e" }, result.Current);
    }

    [Fact]
    public async Task FailureInMigrationFourOfFive_LeavesTheDatabaseExactlyAsBefore()
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(FiveSteps)).Upgrade("0001_a");
        db.Execute("CREATE TABLE fail_up (id INTEGER)");
        var schemaBefore = db.Schema();
        var tablesBefore = db.Tables();

        var failure = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(FiveSteps), OneTransaction).UpgradeHead());

        Assert.Equal("0004_d", failure.Revision);
        Assert.Contains("no migration of this run stays applied", failure.Message);
        Assert.Equal(tablesBefore, db.Tables());
        Assert.Equal(schemaBefore, db.Schema());
        Assert.Equal(new[] { "0001_a" }, db.Recorded());
        Assert.Equal(0L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM a"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task PerMigrationMode_KeepsTheStepsBeforeTheFailure()
    {
        // The contrast that makes the test above mean something: the default commits 0001..0003 first.
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(FiveSteps)).Upgrade("0001_a");
        db.Execute("CREATE TABLE fail_up (id INTEGER)");

        Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(FiveSteps)).UpgradeHead());

        Assert.Equal(new[] { "0001_a", "0002_b", "0003_c" }, db.Recorded());
    }

    [Fact]
    public async Task Downgrade_UndoesEveryMigration_InOneTransaction()
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(FiveSteps)).UpgradeHead();

        var result = db.Runner(typeof(FiveSteps), OneTransaction).Downgrade("base");

        Assert.Equal(new[] { "0005_e", "0004_d", "0003_c", "0002_b", "0001_a" }, result.Steps.Select(s => s.Revision));
        Assert.Empty(db.Recorded());
        Assert.Equal(new[] { "migration_history" }, db.Tables());
    }

    [Fact]
    public async Task FailureInADowngrade_LeavesTheDatabaseExactlyAsBefore()
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(FiveSteps)).UpgradeHead();
        db.Execute("CREATE TABLE fail_down (id INTEGER)");
        var schemaBefore = db.Schema();
        var tablesBefore = db.Tables();

        var failure = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(FiveSteps), OneTransaction).Downgrade("base"));

        Assert.Equal("0002_b", failure.Revision);
        Assert.Equal(MigrationDirection.Downgrade, failure.Direction);
        Assert.Equal(tablesBefore, db.Tables());
        Assert.Equal(schemaBefore, db.Schema());
        Assert.Equal(new[] { "0001_a", "0002_b", "0003_c", "0004_d", "0005_e" }, db.Recorded());
        Assert.Equal(1L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM a"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task NonTransactionalPendingMigration_IsRefusedUpFront_NamingIt_AndNothingChanges()
    {
        await using var db = await CreateDatabaseAsync();
        db.Runner(typeof(NonTransactionalInTheMiddle)).Upgrade("0001_t");

        var refusal = Assert.Throws<SingleTransactionRefusedException>(() => db.Runner(typeof(NonTransactionalInTheMiddle), OneTransaction).UpgradeHead());

        Assert.Equal(new[] { "0003_outside" }, refusal.Revisions);
        Assert.Contains("'0003_outside'", refusal.Message);
        Assert.Contains("TransactionMode = PerMigration", refusal.Message);
        Assert.Equal(new[] { "0001_t" }, db.Recorded());
        Assert.DoesNotContain("u", db.Tables());
    }

    [Fact]
    public async Task NonTransactionalMigration_OutsideTheRun_DoesNotStopIt()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(NonTransactionalInTheMiddle), OneTransaction);

        Assert.Equal(new[] { "0001_t", "0002_u" }, runner.Upgrade("0002_u").Steps.Select(s => s.Revision));
        Assert.Throws<SingleTransactionRefusedException>(() => runner.UpgradeHead(new RunOptions { DryRun = true }));
        Assert.Equal(new[] { "0001_t", "0002_u" }, db.Recorded());
    }

    [Fact]
    public async Task ConcurrentOneTransactionRunners_ApplyEachMigrationOnce()
    {
        await using var db = await CreateDatabaseAsync();
        var runners = Enumerable.Range(0, 4).Select(_ => db.Runner(typeof(FiveSteps), OneTransaction)).ToList();

        var results = await Task.WhenAll(runners.Select(r => Task.Run(() => r.UpgradeHeadAsync())));

        Assert.Equal(5, results.Sum(r => r.Steps.Count));
        Assert.Single(results, r => r.Steps.Count == 5);
        Assert.Equal(new[] { "0001_a", "0002_b", "0003_c", "0004_d", "0005_e" }, db.Recorded());
    }
}

public sealed class SqliteOneTransactionTests : OneTransactionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());
}

public sealed class PostgresOneTransactionTests(PostgresFixture fixture) : OneTransactionTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync(fixture);
}
