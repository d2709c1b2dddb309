using MigrationChain;
using MigrationChain.Testing.Support;

#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario

namespace MigrationChain.Runtime.Tests.OneTransaction;

/// <summary>
/// In one transaction a migration's SET LOCAL limits would last until the run commits: the next migration must run
/// under its own limits, not inherit them.
/// </summary>
public sealed class PostgresOneTransactionLimitTests(PostgresFixture fixture)
{
    public static class LimitThenNone
    {
        [Migration("0001_quick", StatementTimeoutSeconds = 1)]
        public sealed class Quick : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE quick (id INTEGER)");
        }

        [Migration("0002_slower", Parent = "0001_quick")]
        public sealed class Slower : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("SELECT pg_sleep(1.5)");
        }
    }

    [Fact]
    public async Task LaterMigrationWithoutALimit_DoesNotInheritTheEarlierOnesTimeout()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var options = new MigrationRunnerOptions { TransactionMode = MigrationTransactionMode.OneTransaction };

        var result = db.Runner(typeof(LimitThenNone), options).UpgradeHead();

        Assert.Equal(new[] { "0001_quick", "0002_slower" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(new[] { "0001_quick", "0002_slower" }, db.Recorded());
    }
}
