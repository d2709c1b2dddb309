using System.IO;
using MigrationChain.Lock;
using static MigrationChain.Build.Tests.Integration.BuildOutput;

namespace MigrationChain.Build.Tests.Integration;

/// <summary>
/// The release boundary through real builds: a released migration's edit fails local and CI builds (MC4004), the
/// compiler reports it too when the lock reaches the analyzers, an unreleased one is followed, and an accepted edit is
/// recorded by the next local build. One consumer, seven builds.
/// </summary>
public class ReleaseBoundaryBuildTests(PackageFeed feed)
{
    [Fact]
    public async Task EditOfAReleasedMigration_FailsEveryBuild_UnreleasedEditsAreFollowed_AcceptedEditsRecorded()
    {
        using var consumer = new Consumer(feed);
        consumer.Project("App");
        consumer.Migration("App", "M0001", "0001_init");
        var users = consumer.Migration("App", "M0002", "0002_users", "0001_init", "CREATE TABLE m0002 (id INTEGER)");
        var orders = consumer.Migration("App", "M0003", "0003_orders", "0002_users", "CREATE TABLE m0003 (id INTEGER)");
        var lockFile = consumer.PathOf("App/migrations.lock");
        Succeeded(await consumer.BuildAsync("App"));

        // What 'mchain release 0002_users' writes, through the same lock code.
        File.WriteAllText(lockFile, LockFile.Parse(File.ReadAllText(lockFile)).WithReleased(new[] { "0002_users" }).Render());
        var released = File.ReadAllText(lockFile);

        // Unreleased: a local build follows the edit and keeps the boundary.
        File.WriteAllText(orders, File.ReadAllText(orders).Replace("id INTEGER", "id BIGINT", StringComparison.Ordinal));
        Succeeded(await consumer.BuildAsync("App"));
        var followed = File.ReadAllText(lockFile);
        Assert.NotEqual(released, followed);
        Assert.Contains("\nreleased 0002_users\n", followed, StringComparison.Ordinal);
        Assert.Equal(Line(released, "0002_users "), Line(followed, "0002_users "));

        // Released: an error in a local build (the lock is left alone) and in a CI build.
        File.WriteAllText(users, File.ReadAllText(users).Replace("id INTEGER", "id BIGINT", StringComparison.Ordinal));
        var local = await consumer.BuildAsync("App");
        Failed(local);
        var error = ErrorAt(local, RuleIds.ReleasedMigrationEdited, users, Consumer.AttributeLine);
        Assert.Contains("'0002_users' (App.Migrations.M0002) was released", error, StringComparison.Ordinal);
        Assert.Contains("mchain release --accept-edit 0002_users", error, StringComparison.Ordinal);
        Assert.Equal(followed, File.ReadAllText(lockFile));
        var ci = await consumer.BuildAsync("App", ci: true);
        Failed(ci);
        ErrorAt(ci, RuleIds.ReleasedMigrationEdited, users, Consumer.AttributeLine);
        Assert.DoesNotContain($"error {RuleIds.LockedMigrationEdited}", ci.Output, StringComparison.Ordinal);

        // With the lock given to the analyzers (as design-time builds give it to the IDE), the compiler reports it.
        var compiler = await consumer.BuildAsync("App", ci: false, "-p:MigrationChainLockForAnalyzers=true");
        Failed(compiler);
        ErrorAt(compiler, RuleIds.ReleasedMigrationEdited, users, Consumer.AttributeLine);
        Assert.DoesNotContain("MigrationChain: checked", compiler.Output, StringComparison.Ordinal);

        // Accepted on purpose: the next local build records the new checksum, and CI agrees with it.
        File.WriteAllText(lockFile, LockFile.Parse(followed).WithAcceptedEdit("0002_users").Render());
        Succeeded(await consumer.BuildAsync("App"));
        var recorded = File.ReadAllText(lockFile);
        Assert.StartsWith("0002_users 0001_init src:", Line(recorded, "0002_users "), StringComparison.Ordinal);
        Assert.NotEqual(Line(followed, "0002_users "), Line(recorded, "0002_users "));
        Assert.Contains("\nreleased 0002_users\n", recorded, StringComparison.Ordinal);
        Succeeded(await consumer.BuildAsync("App", ci: true));
    }

    private static string Line(string text, string prefix) => text.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
