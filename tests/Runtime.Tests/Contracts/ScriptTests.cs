namespace MigrationChain.Runtime.Tests.Contracts;

/// <summary>Offline scripts: the SQL a run would send, which a DBA can review and run by hand.</summary>
public abstract class ScriptTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task UpgradeScript_RunByHand_LeavesWhatTheRunnerLeaves()
    {
        await using var byScript = await CreateDatabaseAsync();
        await using var byRunner = await CreateDatabaseAsync();
        byRunner.Runner(typeof(Chains.Linear)).UpgradeHead();

        var script = byScript.Runner(typeof(Chains.Linear)).Script("base", "head");
        byScript.RunScript(script);

        Assert.Equal(byRunner.Schema(), byScript.Schema());
        Assert.Equal(byRunner.Recorded(), byScript.Recorded());
        var runner = byScript.Runner(typeof(Chains.Linear));
        Assert.True(runner.UpgradeHead().WasUpToDate);
        Assert.All(runner.History(), h => Assert.NotNull(h.AppliedAt));
    }

    [Fact]
    public async Task UpgradeScript_HoldsEachMigrationAndItsRowInOneTransaction_InChainOrder()
    {
        await using var db = await CreateDatabaseAsync();

        var script = db.Runner(typeof(Chains.Linear)).Script("0001", "head");

        var orders = script.IndexOf("CREATE TABLE orders", StringComparison.Ordinal);
        var email = script.IndexOf("ALTER TABLE users ADD COLUMN email TEXT;", StringComparison.Ordinal);
        var index = script.IndexOf("CREATE INDEX ix_orders_user", StringComparison.Ordinal);
        Assert.True(orders > 0 && orders < email && email < index, script);
        Assert.DoesNotContain("CREATE TABLE users", script);
        Assert.Equal(3, Count(script, "\nCOMMIT;"));
        Assert.Contains("'0003_user_email'", script);
        Assert.DoesNotContain("VALUES ('0001_users'", script);
        Assert.Empty(db.Tables());
    }

    [Fact]
    public async Task DowngradeScript_RunByHand_UndoesNewestFirstAndForgetsTheRows()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.UpgradeHead();

        var script = runner.Script("head", "0002");
        Assert.True(script.IndexOf("DROP INDEX ix_orders_user", StringComparison.Ordinal) < script.IndexOf("DROP COLUMN email", StringComparison.Ordinal), script);
        db.RunScript(script);

        Assert.Equal(new[] { "0001_users", "0002_orders" }, db.Recorded());
        Assert.False(db.HasColumn("users", "email"));
        Assert.Equal(new[] { "0002_orders" }, runner.Current());
    }

    [Fact]
    public async Task NonTransactionalMigration_IsMarkedRunningThenApplied_OutsideATransaction()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.Vacuums));
        runner.Upgrade("0001_t");

        var script = runner.Script("0001_t", "0002_vacuum");

        Assert.DoesNotContain("\nBEGIN;\n", script);
        var running = script.IndexOf("VALUES ('0002_vacuum', '0001_t', 'running'", StringComparison.Ordinal);
        var vacuum = script.IndexOf("VACUUM;", StringComparison.Ordinal);
        var applied = script.IndexOf("VALUES ('0002_vacuum', '0001_t', 'applied'", StringComparison.Ordinal);
        Assert.True(running > 0 && running < vacuum && vacuum < applied, script);
        db.RunScript(script);
        Assert.Equal(new[] { "0002_vacuum" }, runner.Current());
        Assert.DoesNotContain(runner.History(), h => h.IsInterrupted);
    }

    [Fact]
    public async Task MigrationThatAsksTheDatabase_EndsTheScriptThere_SayingWhyAndWhatIsLeft()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Chains.AsksTheDatabase));

        var script = runner.Script("base", "head");

        Assert.Contains("0002_guarded", script);
        Assert.Contains("needs a live connection", script);
        Assert.Contains("TableExists(\"legacy\")", script);
        Assert.Contains("Not scripted: 0002_guarded, 0003_c.", script);
        Assert.Contains("Upgrade(\"0002_guarded\")", script);
        Assert.DoesNotContain("CREATE TABLE before_guard", script);
        Assert.DoesNotContain("CREATE TABLE c ", script);

        // What was scripted is complete and runnable; the runner takes it from there.
        db.RunScript(script);
        Assert.Equal(new[] { "0001_a" }, db.Recorded());
        Assert.Equal(new[] { "0002_guarded", "0003_c" }, runner.UpgradeHead().Steps.Select(s => s.Revision));
    }

    [Fact]
    public async Task DataMigrationOnTheBuildersConnection_CannotBeScripted_AndSaysSo()
    {
        await using var db = await CreateDatabaseAsync();

        var script = db.Runner(typeof(Chains.CopiesRows)).Script("0001", "head");

        Assert.Contains("0002_copy", script);
        Assert.Contains("MigrationBuilder.Connection or CreateCommand", script);
        Assert.DoesNotContain("CREATE TABLE target", script);
    }

    [Fact]
    public async Task ScriptWithNothingToDo_SaysSo()
    {
        await using var db = await CreateDatabaseAsync();

        var script = db.Runner(typeof(Chains.Linear)).Script("head", "head");

        Assert.Contains("Nothing to do", script);
        Assert.DoesNotContain("COMMIT", script);
    }

    [Fact]
    public async Task DowngradeScriptAcrossAnIrreversibleMigration_IsRefused()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<IrreversibleMigrationException>(() => db.Runner(typeof(Chains.Irreversible)).Script("head", "base"));

        Assert.Equal("0003_drop_legacy", error.Revision);
    }

    [Fact]
    public async Task UnknownRevision_IsATargetError()
    {
        await using var db = await CreateDatabaseAsync();

        var error = Assert.Throws<MigrationTargetException>(() => db.Runner(typeof(Chains.Linear)).Script("base", "0009"));

        Assert.Contains("Can't locate revision '0009'", error.Message);
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
