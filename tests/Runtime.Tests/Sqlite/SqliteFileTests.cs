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
}
