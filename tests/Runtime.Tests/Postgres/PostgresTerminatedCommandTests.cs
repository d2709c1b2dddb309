using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>A data migration's own command whose server session is terminated: the failure still names the migration.</summary>
public class PostgresTerminatedCommandTests(PostgresFixture fixture)
{
    public static class OwnSlowCommand
    {
        [Migration("0001_own_slow_command")]
        public sealed class OwnSlow : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                using var command = m.CreateCommand("SELECT pg_sleep(30)");
                command.ExecuteNonQuery();
            }
        }
    }

    [Fact]
    public async Task SessionTerminatedDuringADataMigrationsOwnCommand_FailsNamingTheMigration_NotWithTheBrokenConnection()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);

        // Synchronous and not cancellable: the session never asked the server for its pid, so explaining the failure
        // must not ask the connection that has just broken (that threw "Connection is not open" instead of this).
        var doomed = Task.Run(() => db.Runner(typeof(OwnSlowCommand), null, "doomed-own-command").UpgradeHead());
        await PostgresLockTests.WaitUntil(() => db.Strings("SELECT query FROM pg_stat_activity WHERE application_name = 'doomed-own-command'").Any(q => q.Contains("pg_sleep", StringComparison.Ordinal)));
        Assert.True(db.Terminate("doomed-own-command") >= 1);

        var failure = await Assert.ThrowsAsync<MigrationFailedException>(() => doomed);
        Assert.Equal("0001_own_slow_command", failure.Revision);
        Assert.Empty(db.Recorded());
    }
}
