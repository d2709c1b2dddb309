using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Samples;

/// <summary>The README's main job, run as a user runs it: a real process, twice, on a real SQLite file.</summary>
public class QuickstartTests
{
    [Fact]
    public async Task Quickstart_MigratesToHead_ThenFindsItAlreadyThere_KeepingEveryEmbeddingRow()
    {
        using var folder = new TempDirectory("mc-quickstart");
        var database = folder.File("quickstart.db");
        var app = TestEnvironment.BuiltOutput("samples/Quickstart", "Quickstart.dll");

        var first = await ProcessRunner.RunAsync("dotnet", new[] { app, database }, cancellationToken: TestContext.Current.CancellationToken);
        var second = await ProcessRunner.RunAsync("dotnet", new[] { app, database }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("upgrade 0004_rebuild_conversation_embeddings ... done", first.Output);
        Assert.Contains("Applied 4 migration(s)", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Already at head (0004_rebuild_conversation_embeddings)", second.Output);
        Assert.Equal(4, second.Output.Split('\n').Count(l => l.Contains("[x]", StringComparison.Ordinal)));

        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) || ':' || min(id) || ':' || min(sync_status) FROM conversation_embeddings";
        Assert.Equal("2:1:pending", command.ExecuteScalar());
    }

    [Fact]
    public async Task QuickstartChain_DowngradesToBaseAndBackWithoutLosingTheSeed()
    {
        using var folder = new TempDirectory("mc-quickstart");
        var runner = MigrationRunner.ForSqlite($"Data Source={folder.File("q.db")};Pooling=False", typeof(Quickstart.Migrations.M0001_CreateMemoryStore).Assembly);
        await runner.UpgradeHeadAsync(TestContext.Current.CancellationToken);

        await runner.DowngradeAsync("0003", TestContext.Current.CancellationToken);
        await runner.UpgradeHeadAsync(TestContext.Current.CancellationToken);
        await runner.DowngradeAsync("base", TestContext.Current.CancellationToken);

        Assert.Empty(await runner.CurrentAsync(TestContext.Current.CancellationToken));
        Assert.Equal(4, (await runner.UpgradeHeadAsync(TestContext.Current.CancellationToken)).Steps.Count);
    }
}
