namespace MigrationChain.Runtime.Tests.Sqlite;

/// <summary>What only a database file can show.</summary>
public class SqliteFileTests
{
    [Fact]
    public void BrokenChain_IsRefusedBeforeTheDatabaseFileIsCreated()
    {
        using var db = new SqliteDatabase();

        Assert.Throws<ChainValidationException>(() => db.Runner(typeof(Chains.TwoRoots)).UpgradeHead());

        Assert.False(File.Exists(db.Path));
    }

    [Theory]
    [InlineData("2026-01-01 10:00:00", "2026-01-01T10:00:00.0000000+00:00")]
    [InlineData("2026-01-01T10:00:00Z", "2026-01-01T10:00:00.0000000+00:00")]
    [InlineData("yesterday", "1970-01-01T00:00:00.0000000+00:00")]
    public void HandWrittenAppliedTimes_AreReadNotFatal(string written, string read)
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0001");
        db.Execute($"UPDATE migration_history SET applied_at = '{written}'");

        var status = runner.History().Single(h => h.Revision == "0001_users");

        Assert.Equal(read, status.AppliedAt!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, runner.UpgradeHead().Steps.Count);
    }
}
