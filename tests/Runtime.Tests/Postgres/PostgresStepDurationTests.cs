using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// A step's recorded duration on PostgreSQL (PostgresSession.RecordStepAsync): the client's time plus the held
/// statements' time on the server, each counted once. A step whose final batch carries its BEGIN times the server from
/// transaction_timestamp() and sends no mark of its own; a step that sent something earlier (a guard query) marks where
/// its final batch began, since its transaction began long before.
/// </summary>
public class PostgresStepDurationTests(PostgresFixture fixture)
{
    // Client and server time apart by far enough that counting one of them twice cannot pass for load.
    private const int ClientMs = 700;
    private const int ServerMs = 300;

    public static class OnlyHeld
    {
        [Migration("0001_only_held")]
        public sealed class OnlyHeldStatements : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                Thread.Sleep(ClientMs);
                m.Sql("SELECT pg_sleep(0.3)"); // ServerMs
            }
        }
    }

    public static class GuardFirst
    {
        // The guard query sends the step's BEGIN; the client then works before the held statement.
        [Migration("0001_guard_first")]
        public sealed class GuardThenHeld : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                _ = m.TableExists("anything");
                Thread.Sleep(ClientMs);
                m.Sql("SELECT pg_sleep(0.3)"); // ServerMs
            }
        }
    }

    /// <summary>
    /// Only held statements: the final batch carries the BEGIN, so no mark is set. A guard query first: it sent the
    /// BEGIN, and from transaction_timestamp() the server's share would include the client's 700 ms a second time.
    /// </summary>
    [Theory]
    [InlineData(typeof(OnlyHeld), "0001_only_held", false)]
    [InlineData(typeof(GuardFirst), "0001_guard_first", true)]
    public async Task AStepsDuration_CountsItsClientAndServerTimeOnce_MarkingItsFinalBatchOnlyWhenItDoesNotCarryTheBegin(Type chain, string revision, bool marked)
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var application = "duration-" + revision;

        db.Runner(chain, null, application).UpgradeHead();

        var duration = Convert.ToInt64(db.Scalar($"SELECT duration_ms FROM migration_history WHERE revision = '{revision}'"));
        Assert.True(duration >= ClientMs + ServerMs && duration < 2 * ClientMs + ServerMs - 100,
            $"recorded {duration} ms for {ClientMs} ms on the client and {ServerMs} ms on the server");
        Assert.Equal(marked, MarksLeftOnSessions(db, application).Contains(string.Empty));
    }

    /// <summary>
    /// The mark's setting as each of the runner's pooled sessions now has it: a setting once set stays defined on its
    /// session (empty after the transaction), where one never set is null. The runner's pool holds its session and its
    /// lock's; both are taken back at once.
    /// </summary>
    private static List<string?> MarksLeftOnSessions(PostgresDatabase db, string application)
    {
        var connectionString = db.ConnectionStringFor(application);
        var connections = new List<NpgsqlConnection>();
        try
        {
            var marks = new List<string?>();
            for (var i = 0; i < 2; i++)
            {
                var connection = new NpgsqlConnection(connectionString);
                connections.Add(connection);
                connection.Open();
                using var command = new NpgsqlCommand("SELECT pg_catalog.current_setting('migrationchain.held_since', true)", connection);
                marks.Add(command.ExecuteScalar() as string);
            }

            return marks;
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }
}
