using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Contracts;

/// <summary>
/// What the version table records about each migration (its checksum, and whether Upgrade or Stamp wrote it) and
/// what the runner notices on read: applied migrations edited since, and rows whose parents disagree with the code.
/// </summary>
public abstract class DriftTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    /// <summary>The version table as a runner before <c>recorded_by</c> created it.</summary>
    protected abstract string OldShapeVersionTable { get; }

    [Fact]
    public async Task Upgrade_RecordsTheBuiltChecksum_AndThatItRanTheMigration()
    {
        await using var db = await CreateDatabaseAsync();

        db.Runner(typeof(Migrations)).UpgradeHead();

        Assert.Equal(new[] { $"{UsersRevision} {UsersChecksum} upgrade", $"{AuditRevision} {AuditChecksum} upgrade", $"{OrdersRevision} {OrdersChecksum} upgrade" }, Rows(db));
    }

    [Fact]
    public async Task StampedRows_SayStamp_AndHistoryTellsThemFromAppliedOnes()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Migrations));
        runner.Upgrade(UsersRevision);

        runner.Stamp(AuditRevision);

        Assert.Equal(new[] { $"{UsersRevision} {UsersChecksum} upgrade", $"{AuditRevision} {AuditChecksum} stamp" }, Rows(db));
        var history = runner.History().ToDictionary(h => h.Revision);
        Assert.Equal(RecordedBy.Upgrade, history[UsersRevision].RecordedBy);
        Assert.Equal(RecordedBy.Stamp, history[AuditRevision].RecordedBy);
        Assert.Null(history[OrdersRevision].RecordedBy);
        Assert.EndsWith("(stamped)", history[AuditRevision].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppliedThenEdited_IsWarnedThroughTheListener_AndReportedInTheResult()
    {
        await using var db = await CreateDatabaseAsync();
        var listener = new DriftListener();
        var runner = db.Runner(typeof(Migrations), new MigrationRunnerOptions { Listener = listener });
        runner.UpgradeHead();
        var appliedAt = runner.History().Single(h => h.Revision == AuditRevision).AppliedAt;
        Edit(db, AuditRevision);

        var result = runner.UpgradeHead();

        Assert.True(result.WasUpToDate);
        var finding = Assert.Single(listener.Findings);
        Assert.Equal((DriftKind.Edited, AuditRevision, appliedAt), (finding.Kind, finding.Revision, (DateTimeOffset?)finding.AppliedAt));
        Assert.Equal((OldChecksum, AuditChecksum), (finding.RecordedChecksum, finding.CodeChecksum));
        Assert.Contains("then edited", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"runner.AcceptEdits(\"{AuditRevision}\")", finding.Message, StringComparison.Ordinal);
        Assert.Equal(finding.Message, Assert.Single(listener.Warnings));
        Assert.Equal(AuditRevision, Assert.Single(result.Drift).Revision);
        Assert.True(runner.History().Single(h => h.Revision == AuditRevision).IsEdited);
    }

    [Fact]
    public async Task AppliedThenEdited_UnderOnDriftFail_IsRefusedBeforeAnythingRuns()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Migrations), new MigrationRunnerOptions { OnDrift = DriftPolicy.Fail });
        runner.Upgrade(AuditRevision);
        Edit(db, UsersRevision);

        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());

        Assert.Equal(DatabaseStateProblem.EditedAfterApplied, error.Problem);
        Assert.Equal(new[] { UsersRevision }, error.Revisions);
        Assert.Contains($"'{UsersRevision}' was applied at 20", error.Message, StringComparison.Ordinal);
        Assert.Contains($"runner.AcceptEdits(\"{UsersRevision}\")", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { UsersRevision, AuditRevision }, db.Recorded());
        Assert.DoesNotContain("orders", db.Tables());
        Assert.Throws<DatabaseStateException>(() => runner.Downgrade("base"));
    }

    [Fact]
    public async Task AcceptEdits_RecordsTheNewChecksum_ThenTheRunnerMovesAgain()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Migrations), new MigrationRunnerOptions { OnDrift = DriftPolicy.Fail });
        runner.Upgrade(AuditRevision);
        Edit(db, UsersRevision);
        var before = db.Strings($"SELECT applied_at || '' FROM migration_history WHERE revision = '{UsersRevision}'");

        var accepted = runner.AcceptEdits(UsersRevision[..5]);

        Assert.Equal((DriftKind.Edited, UsersRevision), (Assert.Single(accepted).Kind, accepted[0].Revision));
        Assert.Equal($"{UsersRevision} {UsersChecksum} upgrade", Rows(db)[0]);
        Assert.Equal(before, db.Strings($"SELECT applied_at || '' FROM migration_history WHERE revision = '{UsersRevision}'"));
        Assert.Equal(new[] { OrdersRevision }, runner.UpgradeHead().Steps.Select(s => s.Revision));
        Assert.Empty(runner.AcceptEdits(UsersRevision));
    }

    [Fact]
    public async Task AcceptEdits_OfARevisionNotApplied_SaysThereIsNothingToAccept()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Migrations));
        runner.Upgrade(UsersRevision);

        var error = Assert.Throws<MigrationTargetException>(() => runner.AcceptEdits(OrdersRevision));

        Assert.Contains($"'{OrdersRevision}' is not recorded as applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptedUpgrade_RecordsTheBuiltChecksum_SoAnEditIsFoundAsAfterTheRunner()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Migrations), new MigrationRunnerOptions { OnDrift = DriftPolicy.Fail });

        db.RunScript(runner.Script("base", "head"));

        // recorded_by stays unknown: a script also runs against a table of the shape before that column.
        Assert.Equal(new[] { $"{UsersRevision} {UsersChecksum} null", $"{AuditRevision} {AuditChecksum} null", $"{OrdersRevision} {OrdersChecksum} null" }, Rows(db));
        Assert.True(runner.UpgradeHead().WasUpToDate);
        Edit(db, AuditRevision);
        var error = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());
        Assert.Contains(AuditRevision, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowsWithoutAChecksum_AndMigrationsWithoutOne_AreNotDrift()
    {
        await using var db = await CreateDatabaseAsync();
        var runner = db.Runner(typeof(Migrations), new MigrationRunnerOptions { OnDrift = DriftPolicy.Fail });
        runner.Upgrade(AuditRevision);
        db.Execute($"UPDATE migration_history SET checksum = NULL WHERE revision = '{UsersRevision}'");

        Assert.Empty(runner.UpgradeHead().Drift);

        // A chain built without the generator records no checksum and is never drift.
        await using var plain = await CreateDatabaseAsync();
        var linear = plain.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { OnDrift = DriftPolicy.Fail });
        linear.UpgradeHead();
        Assert.All(plain.Strings("SELECT coalesce(checksum, 'null') FROM migration_history"), c => Assert.Equal("null", c));
        Assert.Empty(linear.UpgradeHead().Drift);
    }

    [Fact]
    public async Task OldShapeVersionTable_IsReadInOneQuery_AndGetsRecordedByOnTheNextWrite()
    {
        await using var db = await CreateDatabaseAsync();
        db.Execute(OldShapeVersionTable);
        db.Execute("CREATE TABLE users (id INTEGER PRIMARY KEY)");
        db.Record(UsersRevision);
        var runner = db.Runner(typeof(Migrations));

        Assert.Equal(new[] { UsersRevision }, runner.Current());
        Assert.False(db.HasColumn("migration_history", "recorded_by"));

        var result = runner.UpgradeHead();

        Assert.Equal(new[] { AuditRevision, OrdersRevision }, result.Steps.Select(s => s.Revision));
        Assert.True(db.HasColumn("migration_history", "recorded_by"));
        Assert.Equal(new[] { $"{UsersRevision} null null", $"{AuditRevision} {AuditChecksum} upgrade", $"{OrdersRevision} {OrdersChecksum} upgrade" }, Rows(db));
        Assert.Equal(RecordedBy.Unknown, runner.History().Single(h => h.Revision == UsersRevision).RecordedBy);
        Assert.True(runner.UpgradeHead().WasUpToDate);
    }

    [Fact]
    public async Task WrongRecordedParents_AreWarned_AndStampRewritesThemKeepingTheRest()
    {
        await using var db = await CreateDatabaseAsync();
        var listener = new DriftListener();
        var runner = db.Runner(typeof(Migrations), new MigrationRunnerOptions { Listener = listener });
        runner.UpgradeHead();
        db.Execute($"UPDATE migration_history SET parents = '' WHERE revision = '{AuditRevision}'");
        var before = db.Strings($"SELECT applied_at || ' ' || duration_ms FROM migration_history WHERE revision = '{AuditRevision}'");

        runner.UpgradeHead();

        var finding = Assert.Single(listener.Findings);
        Assert.Equal((DriftKind.WrongParents, AuditRevision), (finding.Kind, finding.Revision));
        Assert.Empty(finding.RecordedParents);
        Assert.Equal(new[] { UsersRevision }, finding.CodeParents);
        Assert.Contains("with parents (base), but the code declares 'd0001_users'", finding.Message, StringComparison.Ordinal);
        Assert.True(runner.History().Single(h => h.Revision == AuditRevision).HasWrongParents);

        var stamp = runner.Stamp("heads");

        Assert.Empty(stamp.Drift);
        Assert.Equal(new[] { UsersRevision }, db.Strings($"SELECT parents FROM migration_history WHERE revision = '{AuditRevision}'"));
        Assert.Equal(before, db.Strings($"SELECT applied_at || ' ' || duration_ms FROM migration_history WHERE revision = '{AuditRevision}'"));
        Assert.Equal($"{AuditRevision} {AuditChecksum} upgrade", Rows(db)[1]);
        listener.Findings.Clear();
        runner.UpgradeHead();
        Assert.Empty(listener.Findings);
    }

    [Fact]
    public async Task OnDriftIgnore_TellsTheListenerNothing()
    {
        await using var db = await CreateDatabaseAsync();
        var listener = new DriftListener();
        var runner = db.Runner(typeof(Migrations), new MigrationRunnerOptions { Listener = listener, OnDrift = DriftPolicy.Ignore });
        runner.UpgradeHead();
        Edit(db, AuditRevision);

        var result = runner.UpgradeHead();

        Assert.Empty(listener.Findings);
        Assert.Single(result.Drift);
    }

    private const string OldChecksum = "00000000000000000000000000000000";

    /// <summary>What the version table holds after a migration was edited: the checksum of the code that ran.</summary>
    private static void Edit(TestDatabase db, string revision) =>
        db.Execute($"UPDATE migration_history SET checksum = '{OldChecksum}' WHERE revision = '{revision}'");

    private static List<string> Rows(TestDatabase db) => db.Strings(
        "SELECT revision || ' ' || coalesce(checksum, 'null') || ' ' || coalesce(recorded_by, 'null') FROM migration_history ORDER BY revision");

    private sealed class DriftListener : MigrationListener
    {
        public List<DriftFinding> Findings { get; } = new();

        public List<string> Warnings { get; } = new();

        public override void OnDrift(DriftFinding finding)
        {
            Findings.Add(finding);
            base.OnDrift(finding);
        }

        public override void OnWarning(string message) => Warnings.Add(message);
    }
}
