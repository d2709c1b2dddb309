using MigrationChain.Testing.Support;

#pragma warning disable CA1034, CA1812 // test chains are nested classes

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// PostgreSQL's ABORT is ROLLBACK under another name: inside the runner's transaction it would end the step's
/// transaction and let the rest of the migration commit statement by statement, so it is refused like ROLLBACK.
/// </summary>
public class PostgresTransactionControlTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Abort_InATransactionalMigration_IsRefused_AndNothingIsLeftBehind()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        var error = Assert.Throws<MigrationFailedException>(() => db.Runner(typeof(Aborts)).UpgradeHead());

        Assert.Equal("ABORT", error.Statement);
        Assert.Equal("0001_aborts", error.Revision);
        Assert.Contains("Transactional = false", error.Message);
        Assert.Equal(new[] { "migration_history" }, db.Tables());
        Assert.Empty(db.Recorded());
    }

    public static class Aborts
    {
        [Migration("0001_aborts")]
        public sealed class AbortsItsTransaction : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE x (id INTEGER); ABORT; CREATE TABLE y (id INTEGER)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE x");
        }
    }
}
