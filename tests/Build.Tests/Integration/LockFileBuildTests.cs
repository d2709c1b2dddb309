using System.IO;
using MigrationChain.Build.Metadata;
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
        AssertTheLockTookTheManifestsChecksums(consumer, locked, users);

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

    /// <summary>
    /// The real generator wrote one format-2 manifest and no MigrationSource attribute, and the task took each
    /// checksum ("src:", not the IL fallback) and location from the manifest's own rows.
    /// </summary>
    private static void AssertTheLockTookTheManifestsChecksums(Consumer consumer, string lockText, string usersFile)
    {
        using var assembly = MigrationAssembly.TryOpen(consumer.PathOf("App/obj/Debug/net10.0/App.dll"))!;
        var reader = assembly.Reader;
        Assert.DoesNotContain(reader.TypeReferences, t => reader.GetString(reader.GetTypeReference(t).Name) == "MigrationSourceAttribute");
        var manifest = Assert.Single(
            reader.GetAssemblyDefinition().GetCustomAttributes()
                .Select(h => reader.GetCustomAttribute(h).DecodeValue(AttributeValueProvider.Instance).FixedArguments)
                .Where(a => a.Length == 1 && a[0].Value is string text && text.StartsWith("migrationchain-manifest ", StringComparison.Ordinal)));
        Assert.StartsWith("migrationchain-manifest 2\n", (string)manifest[0].Value!, StringComparison.Ordinal);

        var migrations = assembly.ReadMigrations(new MigrationClassCheck(new[] { assembly }));
        Assert.Equal(2, migrations.Count);
        foreach (var migration in migrations)
        {
            Assert.True(migration.Source is { HasUsableChecksum: true }, migration.Info.Revision);
            Assert.StartsWith($"{migration.Info.Revision} ", Line(lockText, migration.Info.Revision + " "), StringComparison.Ordinal);
            Assert.EndsWith(" src:" + migration.Source!.Checksum, Line(lockText, migration.Info.Revision + " "), StringComparison.Ordinal);
        }

        var users = migrations.Single(m => m.Info.Revision == "0002_users").Info.Location;
        Assert.Equal((Path.GetFullPath(usersFile), Consumer.AttributeLine), (Path.GetFullPath(users!.FilePath), users.Line));
    }

    private static string Line(string text, string prefix) => text.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
