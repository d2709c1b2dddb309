namespace MigrationChain.Runtime.Tests.Sqlite;

public class UpgradeAndDowngradeTests
{
    [Fact]
    public void UpgradeHead_OnAnEmptyDatabase_AppliesEveryMigrationInChainOrder()
    {
        using var db = new SqliteDatabase();

        var result = db.Runner(typeof(Chains.Linear)).UpgradeHead();

        Assert.Equal(new[] { "0001_users", "0002_orders", "0003_user_email", "0004_orders_index" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0004_orders_index" }, result.Current);
        Assert.Equal(new[] { "migration_history", "orders", "users" }, db.Tables());
        Assert.Equal(1L, db.Scalar("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'email'"));
    }

    [Fact]
    public void UpgradeHead_AtHead_ChangesNothing()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        var appliedAt = db.Strings("SELECT applied_at FROM migration_history ORDER BY revision");

        var second = runner.UpgradeHead();

        Assert.True(second.WasUpToDate);
        Assert.Equal(appliedAt, db.Strings("SELECT applied_at FROM migration_history ORDER BY revision"));
    }

    [Fact]
    public void DowngradeToBaseThenUpgrade_RoundTripsTheSchema()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        var schema = db.Strings("SELECT sql FROM sqlite_master WHERE name <> 'migration_history' AND sql IS NOT NULL ORDER BY name");

        var down = runner.Downgrade("base");
        Assert.Equal(new[] { "0004_orders_index", "0003_user_email", "0002_orders", "0001_users" }, down.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "migration_history" }, db.Tables());
        Assert.Empty(db.Recorded());

        runner.UpgradeHead();
        Assert.Equal(schema, db.Strings("SELECT sql FROM sqlite_master WHERE name <> 'migration_history' AND sql IS NOT NULL ORDER BY name"));
    }

    [Fact]
    public void DowngradeToARevision_KeepsThatRevisionApplied()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        var result = runner.Downgrade("0002_orders");

        Assert.Equal(new[] { "0004_orders_index", "0003_user_email" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0001_users", "0002_orders" }, db.Recorded());
        Assert.Equal(new[] { "0002_orders" }, runner.Current());
    }

    [Fact]
    public void FailingMigration_RollsBackItsStatementsAndItsVersionRow_AndNamesTheStatement()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.FailsInTheMiddle));

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0003_broken", error.Revision);
        Assert.Equal("INSERT INTO no_such_table VALUES (1)", error.Statement);
        Assert.Contains("no such table: no_such_table", error.Message);
        Assert.Contains("0003_broken", error.Message);
        Assert.Equal(new[] { "0001_a", "0002_b" }, db.Recorded());
        Assert.Equal(new[] { "a", "b", "migration_history" }, db.Tables());
    }

    [Fact]
    public void MigrationCodeThatThrows_RollsBackTheSqlItAlreadyRan()
    {
        using var db = new SqliteDatabase();

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(Chains.CodeThrows)).UpgradeHead());

        Assert.Null(error.Statement);
        Assert.Contains("the data looked wrong", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(new[] { "migration_history" }, db.Tables());
        Assert.Empty(db.Recorded());
    }

    [Fact]
    public void StatementsThatEndTheRunnersTransaction_AreRefused()
    {
        using var db = new SqliteDatabase();

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(Chains.OwnTransaction)).UpgradeHead());

        Assert.Equal("COMMIT", error.Statement);
        Assert.Contains("Transactional = false", error.Message);
        Assert.Equal(new[] { "migration_history" }, db.Tables());
    }

    [Fact]
    public void MergedHeads_AreAppliedBeforeTheMerge()
    {
        using var db = new SqliteDatabase();

        var result = db.Runner(typeof(Chains.Merged)).UpgradeHead();

        Assert.Equal(new[] { "0001_base", "0002a_left", "0002b_right", "0003_merge", "0004_after_merge" }, result.Steps.Select(s => s.Revision));
    }

    [Fact]
    public void DowngradeThroughAMerge_UndoesBothSides()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Merged));
        runner.UpgradeHead();

        runner.Downgrade("0001_base");

        Assert.Equal(new[] { "0001_base" }, db.Recorded());
        Assert.Equal(new[] { "base", "migration_history" }, db.Tables());
    }

    [Fact]
    public void History_ShowsEveryRevisionWithWhatTheDatabaseRecords()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0002_orders");

        var history = runner.History();

        Assert.Equal(new[] { "0001_users", "0002_orders", "0003_user_email", "0004_orders_index" }, history.Select(h => h.Revision));
        Assert.Equal(new[] { true, true, false, false }, history.Select(h => h.IsApplied));
        Assert.NotNull(history[0].AppliedAt);
        Assert.Null(history[3].AppliedAt);
        Assert.True(history[3].IsHead);
        Assert.Equal(typeof(Chains.Linear.Orders).FullName, history[1].TypeName);
        Assert.Equal(new[] { "0001_users" }, history[1].Parents);
    }

    [Fact]
    public void ReadingAFreshDatabase_CreatesNothing()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));

        Assert.Empty(runner.Current());
        Assert.Equal(4, runner.Pending().Count);
        Assert.Equal(4, runner.History().Count);
        Assert.Equal(new[] { "0004_orders_index" }, runner.Heads());
        Assert.Empty(db.Tables());
    }

    [Fact]
    public void DryRun_ListsTheStepsAndChangesNothing()
    {
        using var db = new SqliteDatabase();

        var result = db.Runner(typeof(Chains.Linear)).UpgradeHead(new RunOptions { DryRun = true });

        Assert.True(result.DryRun);
        Assert.Equal(4, result.Steps.Count);
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task AsyncTwins_DoTheSameWork()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));

        await runner.UpgradeAsync("+2", TestContext.Current.CancellationToken);
        Assert.Equal(new[] { "0002_orders" }, await runner.CurrentAsync(TestContext.Current.CancellationToken));
        Assert.Equal(new[] { "0003_user_email", "0004_orders_index" }, await runner.PendingAsync(TestContext.Current.CancellationToken));
        await runner.UpgradeHeadAsync(TestContext.Current.CancellationToken);
        await runner.DowngradeAsync("-3", TestContext.Current.CancellationToken);
        Assert.Equal(new[] { "0001_users" }, await runner.CurrentAsync(TestContext.Current.CancellationToken));
        await runner.StampAsync("head", TestContext.Current.CancellationToken);
        Assert.Equal(4, (await runner.HistoryAsync(TestContext.Current.CancellationToken)).Count(h => h.IsApplied));
        Assert.Equal(new[] { "0004_orders_index" }, await runner.HeadsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void VersionTableName_IsConfigurableAndQuoted()
    {
        using var db = new SqliteDatabase();
        var options = new MigrationRunnerOptions { VersionTable = "odd \"history\"; DROP TABLE users" };

        db.Runner(typeof(Chains.Linear), options).UpgradeHead();

        Assert.Contains("odd \"history\"; DROP TABLE users", db.Tables());
        Assert.Contains("users", db.Tables());
        Assert.Equal(4, db.Recorded("odd \"\"history\"\"; DROP TABLE users").Count);
    }

    [Fact]
    public void Listener_HearsThePlanAndEveryStep()
    {
        using var db = new SqliteDatabase();
        var listener = new RecordingListener();

        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Listener = listener }).UpgradeHead();

        Assert.Equal(
            new[] { "plan 4", "start 0001_users", "done 0001_users", "start 0002_orders", "done 0002_orders", "start 0003_user_email", "done 0003_user_email", "start 0004_orders_index", "done 0004_orders_index" },
            listener.Events);
    }

    private sealed class RecordingListener : MigrationListener
    {
        public List<string> Events { get; } = new();

        public override void OnPlan(MigrationOperation operation, string target, IReadOnlyList<MigrationStep> steps) => Events.Add($"plan {steps.Count}");

        public override void OnStepStarting(MigrationStep migrationStep) => Events.Add($"start {migrationStep.Revision}");

        public override void OnStepCompleted(MigrationStep migrationStep) => Events.Add($"done {migrationStep.Revision}");
    }
}
