using System.IO;
using static MigrationChain.Build.Tests.Integration.BuildOutput;

namespace MigrationChain.Build.Tests.Integration;

/// <summary>Real builds of consumers whose chains are good, broken in one project, or broken across projects.</summary>
public class ChainBuildTests(PackageFeed feed)
{
    [Fact]
    public async Task GoodChain_Builds_WritesTheLock_AndANoChangeRebuildSkipsTheTask()
    {
        using var consumer = new Consumer(feed);
        consumer.Project("App");
        consumer.Migration("App", "M0001", "0001_init");
        consumer.Migration("App", "M0002", "0002_users", "0001_init");
        consumer.Migration("App", "M0003", "0003_orders", "0002_users");
        consumer.Write("App/Program.cs", "internal static class Program { private static void Main() { } }\n");

        var first = await consumer.BuildAsync("App");
        Succeeded(first);
        TaskRan(first, 3);
        var lockFile = consumer.PathOf("App/migrations.lock");
        var entries = File.ReadAllLines(lockFile).Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Equal("migrationchain-lock 1", entries[0]);
        Assert.Equal(new[] { "0001_init -", "0002_users 0001_init", "0003_orders 0002_users" }, entries.Skip(1).Take(3).Select(l => l[..l.LastIndexOf(' ')]));
        Assert.Equal("heads 0003_orders", entries[^1]);
        var written = Written(lockFile);

        // A build with the check turned off in between must not cost the next build its up-to-date stamp.
        Succeeded(await consumer.BuildAsync("App", ci: false, "-p:MigrationChainEnabled=false"));
        var noChange = await consumer.BuildAsync("App");
        Succeeded(noChange);
        Assert.Contains(TaskSkipped, noChange.Output, StringComparison.Ordinal);

        // Code changed, migrations did not: the task runs again, and leaves the lock file alone.
        consumer.Write("App/Program.cs", "internal static class Program { private static void Main() { System.Console.WriteLine(); } }\n");
        var codeChange = await consumer.BuildAsync("App");
        Succeeded(codeChange);
        TaskRan(codeChange, 3);
        Assert.Equal(written, Written(lockFile));
    }

    [Fact]
    public async Task SecondRootAfterAChain_FailsWithMC1001AtTheFileAndLine_UnlessTurnedOff()
    {
        using var consumer = new Consumer(feed);
        consumer.Project("App");
        var first = consumer.Migration("App", "M0001", "0001_init");
        consumer.Migration("App", "M0002", "0002_users", "0001_init");
        consumer.Migration("App", "M0003", "0003_orders", "0002_users");
        var stray = consumer.Migration("App", "M0004", "0004_audit");

        var build = await consumer.BuildAsync("App");

        Failed(build);
        var error = ErrorAt(build, RuleIds.SecondRoot, stray, Consumer.AttributeLine);
        Assert.Contains("Set Parent = \"0003_orders\"", error, StringComparison.Ordinal);
        ErrorAt(build, RuleIds.SecondRoot, first, Consumer.AttributeLine);
        Assert.False(File.Exists(consumer.PathOf("App/migrations.lock")), "a broken chain must not be locked");

        var disabled = await consumer.BuildAsync("App", ci: false, "-p:MigrationChainEnabled=false");
        Succeeded(disabled);
    }

    [Fact]
    public async Task ChainSplitOverTwoProjectsWithAGap_FailsTheApplication_ThoughEachProjectCompiles()
    {
        using var consumer = new Consumer(feed);
        consumer.Project("LibA");
        consumer.Migration("LibA", "M0001", "0001_init");
        consumer.Migration("LibA", "M0002", "0002_users", "0001_init");
        consumer.Migration("LibA", "M0003", "0003_orders", "0002_users");
        consumer.Project("LibB");
        var stray = consumer.Migration("LibB", "M0004", "0004_audit");
        consumer.Project("App", new[] { "LibA", "LibB" }, referencesBuildPackage: false);
        consumer.Write("App/Program.cs", "internal static class Program { private static void Main() { } }\n");

        var build = await consumer.BuildAsync("App");

        Failed(build);
        Assert.Contains("LibA -> ", build.Output, StringComparison.Ordinal);
        Assert.Contains("LibB -> ", build.Output, StringComparison.Ordinal);
        var error = ErrorAt(build, RuleIds.SecondRoot, stray, Consumer.AttributeLine);
        Assert.EndsWith($"[{consumer.PathOf("App/App.csproj")}]", error.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("App -> ", build.Output, StringComparison.Ordinal);
    }
}
