namespace MigrationChain.Runtime.Tests.Contracts;

/// <summary>Upgrades, downgrades and what a run reports, the same on every provider.</summary>
public abstract class UpgradeAndDowngradeTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task UpgradeHead_OnAnEmptyDatabase_AppliesEveryMigrationInChainOrder()
    {
        await using var db = await CreateDatabaseAsync();

        var result = db.Runner(typeof(Chains.Linear)).UpgradeHead();

        Assert.Equal(new[] { "0001_users", "0002_orders", "0003_user_email", "0004_orders_index" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0004_orders_index" }, result.Current);
        Assert.Equal(new[] { "migration_history", "orders", "users" }, db.Tables());
        Assert.True(db.HasColumn("users", "email"));
    }

    [Fact]
    public async Task UpgradeHead_AtHead_ChangesNothing()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        var appliedAt = db.Strings("SELECT CAST(applied_at AS TEXT) FROM migration_history ORDER BY revision");

        var second = runner.UpgradeHead();

        Assert.True(second.WasUpToDate);
        Assert.Equal(appliedAt, db.Strings("SELECT CAST(applied_at AS TEXT) FROM migration_history ORDER BY revision"));
    }

    [Fact]
    public async Task DowngradeToBaseThenUpgrade_RoundTripsTheSchema()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();
        var schema = db.Schema();

        var down = runner.Downgrade("base");
        Assert.Equal(new[] { "0004_orders_index", "0003_user_email", "0002_orders", "0001_users" }, down.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "migration_history" }, db.Tables());
        Assert.Empty(db.Recorded());

        runner.UpgradeHead();
        Assert.Equal(schema, db.Schema());
    }

    [Fact]
    public async Task DowngradeToARevision_KeepsThatRevisionApplied()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        var result = runner.Downgrade("0002_orders");

        Assert.Equal(new[] { "0004_orders_index", "0003_user_email" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0001_users", "0002_orders" }, db.Recorded());
        Assert.Equal(new[] { "0002_orders" }, runner.Current());
    }

    [Fact]
    public async Task FailingMigration_RollsBackItsStatementsAndItsVersionRow_AndNamesTheStatement()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.FailsInTheMiddle));

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0003_broken", error.Revision);
        Assert.Equal("INSERT INTO no_such_table VALUES (1)", error.Statement);
        Assert.Contains(db.MissingTableError, error.Message);
        Assert.Contains("0003_broken", error.Message);
        Assert.Equal(new[] { "0001_a", "0002_b" }, db.Recorded());
        Assert.Equal(new[] { "a", "b", "migration_history" }, db.Tables());
    }

    [Fact]
    public async Task MigrationCodeThatThrows_RollsBackTheSqlItAlreadyRan()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(Chains.CodeThrows)).UpgradeHead());

        Assert.Null(error.Statement);
        Assert.Contains("the data looked wrong", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(new[] { "migration_history" }, db.Tables());
        Assert.Empty(db.Recorded());
    }

    [Fact]
    public async Task StatementsThatEndTheRunnersTransaction_AreRefused()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(Chains.OwnTransaction)).UpgradeHead());

        Assert.Equal("COMMIT", error.Statement);
        Assert.Contains("Transactional = false", error.Message);
        Assert.Equal(new[] { "migration_history" }, db.Tables());
    }

    [Fact]
    public async Task MergedHeads_AreAppliedBeforeTheMerge()
    {
        await using var db = await CreateDatabaseAsync();

        var result = db.Runner(typeof(Chains.Merged)).UpgradeHead();

        Assert.Equal(new[] { "0001_base", "0002a_left", "0002b_right", "0003_merge", "0004_after_merge" }, result.Steps.Select(s => s.Revision));
    }

    [Fact]
    public async Task DowngradeThroughAMerge_UndoesBothSides()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Merged));
        runner.UpgradeHead();

        runner.Downgrade("0001_base");

        Assert.Equal(new[] { "0001_base" }, db.Recorded());
        Assert.Equal(new[] { "base", "migration_history" }, db.Tables());
    }

    [Fact]
    public async Task History_ShowsEveryRevisionWithWhatTheDatabaseRecords()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0002_orders");

        var history = runner.History();

        Assert.Equal(new[] { "0001_users", "0002_orders", "0003_user_email", "0004_orders_index" }, history.Select(h => h.Revision));
        Assert.Equal(new[] { true, true, false, false }, history.Select(h => h.IsApplied));
        Assert.NotNull(history[0].AppliedAt);
        Assert.InRange(history[0].AppliedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(history[3].AppliedAt);
        Assert.True(history[3].IsHead);
        Assert.Equal(typeof(Chains.Linear.Orders).FullName, history[1].TypeName);
        Assert.Equal(new[] { "0001_users" }, history[1].Parents);
    }

    [Fact]
    public async Task ReadingAFreshDatabase_CreatesNothing()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));

        Assert.Empty(runner.Current());
        Assert.Equal(4, runner.Pending().Count);
        Assert.Equal(4, runner.History().Count);
        Assert.Equal(new[] { "0004_orders_index" }, runner.Heads());
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task DryRun_ListsTheStepsInOrderAndChangesNothing()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0001");
        var before = db.Schema();

        var up = runner.UpgradeHead(new RunOptions { DryRun = true });
        var down = runner.Downgrade("base", new RunOptions { DryRun = true });

        Assert.True(up.DryRun);
        Assert.Equal(new[] { "0002_orders", "0003_user_email", "0004_orders_index" }, up.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0001_users" }, up.Current);
        Assert.Equal(new[] { "0001_users" }, down.Steps.Select(s => s.Revision));
        Assert.All(down.Steps, s => Assert.Equal(MigrationDirection.Downgrade, s.Direction));
        Assert.Equal(new[] { "0001_users" }, db.Recorded());
        Assert.Equal(before, db.Schema());
    }

    [Fact]
    public async Task DryRun_OnAFreshDatabase_CreatesNothing()
    {
        await using var db = await CreateDatabaseAsync();

        var result = db.Runner(typeof(Chains.Linear)).UpgradeHead(new RunOptions { DryRun = true });

        Assert.True(result.DryRun);
        Assert.Equal(4, result.Steps.Count);
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task AsyncTwins_DoTheSameWork()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        var cancel = TestContext.Current.CancellationToken;

        await runner.UpgradeAsync("+2", cancel);
        Assert.Equal(new[] { "0002_orders" }, await runner.CurrentAsync(cancel));
        Assert.Equal(new[] { "0003_user_email", "0004_orders_index" }, await runner.PendingAsync(cancel));
        await runner.UpgradeHeadAsync(cancel);
        await runner.DowngradeAsync("-3", cancel);
        Assert.Equal(new[] { "0001_users" }, await runner.CurrentAsync(cancel));
        await runner.StampAsync("head", cancel);
        Assert.Equal(4, (await runner.HistoryAsync(cancel)).Count(h => h.IsApplied));
        Assert.Equal(new[] { "0004_orders_index" }, await runner.HeadsAsync(cancel));
    }

    [Fact]
    public async Task VersionTableName_IsConfigurableAndQuoted()
    {
        await using var db = await CreateDatabaseAsync();
        var options = new MigrationRunnerOptions { VersionTable = "odd \"history\"; DROP TABLE users" };

        db.Runner(typeof(Chains.Linear), options).UpgradeHead();

        Assert.Contains("odd \"history\"; DROP TABLE users", db.Tables());
        Assert.Contains("users", db.Tables());
        Assert.Equal(4, db.Recorded("odd \"history\"; DROP TABLE users").Count);
    }

    [Fact]
    public async Task Listener_HearsThePlanAndEveryStep()
    {
        await using var db = await CreateDatabaseAsync();
        var listener = new RecordingListener();

        db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Listener = listener }).UpgradeHead();

        Assert.Equal(
            new[] { "plan 4", "start 0001_users", "done 0001_users", "start 0002_orders", "done 0002_orders", "start 0003_user_email", "done 0003_user_email", "start 0004_orders_index", "done 0004_orders_index" },
            listener.Events);
    }

    [Fact]
    public async Task ManyThreadsUpgradingAtOnce_AllSucceed()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => runner.UpgradeHeadAsync(TestContext.Current.CancellationToken))));

        Assert.Equal(4, results.Sum(r => r.Steps.Count));
        Assert.All(results, r => Assert.Equal(new[] { "0004_orders_index" }, r.Current));
        Assert.Equal(4, db.Recorded().Count);
    }

    [Fact]
    public async Task CancellationDuringAMigration_StopsItPromptly_AndLeavesTheLastGoodRevision()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Slow));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.UpgradeHeadAsync(cancel.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(10));
        Assert.Equal(new[] { "0001_t" }, db.Recorded());
        Assert.DoesNotContain("slow_marker", db.Tables());
    }

    private sealed class RecordingListener : MigrationListener
    {
        public List<string> Events { get; } = new();

        public override void OnPlan(MigrationOperation operation, string target, IReadOnlyList<MigrationStep> steps) => Events.Add($"plan {steps.Count}");

        public override void OnStepStarting(MigrationStep migrationStep) => Events.Add($"start {migrationStep.Revision}");

        public override void OnStepCompleted(MigrationStep migrationStep) => Events.Add($"done {migrationStep.Revision}");
    }
}
