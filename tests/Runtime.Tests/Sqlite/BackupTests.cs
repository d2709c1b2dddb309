using Microsoft.Data.Sqlite;

namespace MigrationChain.Runtime.Tests.Sqlite;

public class BackupTests
{
    [Fact]
    public void Backup_IsAnOnlineCopyOfTheDatabaseBeforeTheRun()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Backup = true });
        runner.Upgrade("0002");

        var result = runner.UpgradeHead();

        Assert.NotNull(result.BackupPath);
        Assert.StartsWith(db.Path + ".", result.BackupPath);
        Assert.EndsWith(".bak", result.BackupPath);
        using var backup = new SqliteConnection($"Data Source={result.BackupPath};Pooling=False");
        backup.Open();
        using var command = backup.CreateCommand();
        command.CommandText = "SELECT group_concat(revision) FROM (SELECT revision FROM migration_history ORDER BY revision)";
        Assert.Equal("0001_users,0002_orders", command.ExecuteScalar());
    }

    [Fact]
    public void NoBackup_WhenNothingChanges()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { Backup = true });
        runner.UpgradeHead();

        Assert.Null(runner.UpgradeHead().BackupPath);
    }

    [Fact]
    public void PerCallOption_OverridesTheRunnerDefault()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear));
        runner.Upgrade("0001");

        var result = runner.UpgradeHead(new RunOptions { Backup = true });

        Assert.NotNull(result.BackupPath);
        Assert.True(File.Exists(result.BackupPath));
    }
}
