using System.IO;
using static MigrationChain.Build.Tests.Integration.BuildOutput;

namespace MigrationChain.Build.Tests.Integration;

/// <summary>migrations.lock through real builds: rewritten locally, enforced under CI=true.</summary>
public class LockFileBuildTests(PackageFeed feed)
{
    [Fact]
    public async Task EditedLockedMigration_FailsUnderCI_AndUpdatesTheLockLocally()
    {
        using var consumer = new Consumer(feed);
        consumer.Project("App");
        consumer.Migration("App", "M0001", "0001_init");
        var users = consumer.Migration("App", "M0002", "0002_users", "0001_init", "CREATE TABLE m0002 (id INTEGER)");
        var lockFile = consumer.PathOf("App/migrations.lock");
        Succeeded(await consumer.BuildAsync("App"));
        var locked = File.ReadAllText(lockFile);

        // Comments and layout are not edits.
        File.WriteAllText(users, File.ReadAllText(users).Replace("    public override", "    // creates the users table\n\n    public override", StringComparison.Ordinal));
        Succeeded(await consumer.BuildAsync("App", ci: true));

        File.WriteAllText(users, File.ReadAllText(users).Replace("id INTEGER", "id BIGINT", StringComparison.Ordinal));
        var ci = await consumer.BuildAsync("App", ci: true);
        Failed(ci);
        var error = ErrorAt(ci, RuleIds.LockedMigrationEdited, users, Consumer.AttributeLine);
        Assert.Contains("'0002_users' (App.Migrations.M0002) was edited", error, StringComparison.Ordinal);
        Assert.Equal(locked, File.ReadAllText(lockFile));

        var local = await consumer.BuildAsync("App");
        Succeeded(local);
        var updated = File.ReadAllText(lockFile);
        Assert.NotEqual(locked, updated);
        Assert.Equal(Line(locked, "0001_init "), Line(updated, "0001_init "));
        Assert.NotEqual(Line(locked, "0002_users "), Line(updated, "0002_users "));
        Succeeded(await consumer.BuildAsync("App", ci: true));
    }

    [Fact]
    public async Task NewMigrationMissingFromTheLock_FailsAContinuousIntegrationBuild_AtTheNewMigrationsLocalPath()
    {
        using var consumer = new Consumer(feed);
        consumer.Project("App");
        consumer.Migration("App", "M0001", "0001_init");
        Succeeded(await consumer.BuildAsync("App"));

        // ContinuousIntegrationBuild=true also maps source paths to /_/ in the PDB; the error must still name the local file.
        var added = consumer.Migration("App", "M0002", "0002_users", "0001_init");
        await consumer.CommitAsync();
        var ci = await consumer.BuildAsync("App", ci: false, "-p:ContinuousIntegrationBuild=true");

        Failed(ci);
        Assert.Contains("/_/App/Migrations/M0002.cs", consumer.PdbDocuments("App"));
        ErrorAt(ci, RuleIds.LockFileMissingMigrations, added, Consumer.AttributeLine);
    }

    private static string Line(string text, string prefix) => text.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
