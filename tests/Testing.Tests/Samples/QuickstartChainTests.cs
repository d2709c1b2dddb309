using MigrationChain.Testing.Support;
using Quickstart.Migrations;

namespace MigrationChain.Testing.Tests.Samples;

/// <summary>The four lines the README shows, on the Quickstart sample's real chain (a data migration and a table rebuild included).</summary>
public sealed class QuickstartChainTests : IDisposable
{
    private readonly TempDirectory _folder = new("mc-quickstart-chain");

    [Fact]
    public void SingleHead() => MigrationAssert.SingleHead(typeof(M0001_CreateMemoryStore).Assembly);

    [Fact]
    public void UpgradeFromEmpty() => MigrationAssert.UpgradeFromEmpty(NewDatabase());

    [Fact]
    public void Stairway() => MigrationAssert.Stairway(NewDatabase());

    [Fact]
    public void DowngradeLeavesNoTrace() => MigrationAssert.DowngradeLeavesNoTrace(NewDatabase());

    private MigrationTestDatabase NewDatabase() =>
        MigrationTestDatabase.Sqlite(_folder.SqliteDatabase($"{Guid.NewGuid():N}.db"), typeof(M0001_CreateMemoryStore).Assembly);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
