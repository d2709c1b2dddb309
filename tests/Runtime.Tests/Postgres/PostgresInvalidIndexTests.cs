#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario
using System.Diagnostics;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>
/// A CREATE INDEX CONCURRENTLY killed mid-build leaves an INVALID index. The next run names it; with
/// RetryInterrupted it is dropped and built again instead of failing on "already exists".
/// </summary>
public class PostgresInvalidIndexTests(PostgresFixture fixture)
{
    public static class IndexOnABigTable
    {
        [Migration("0001_big")]
        public sealed class Big : Migration
        {
            public override void Upgrade(MigrationBuilder m) =>
                m.Sql("CREATE TABLE big (id INTEGER, v TEXT); INSERT INTO big SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 1500000) g");
        }

        [Migration("0002_index", Parent = "0001_big", Transactional = false)]
        public sealed class Index : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE INDEX CONCURRENTLY ix_big_v ON big (v)");
        }
    }

    [Fact]
    public async Task ConcurrentIndexKilledMidBuild_IsNamedAsInvalid_AndRebuiltWithRetryInterrupted()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Runner(typeof(IndexOnABigTable), null, "cic-setup").Upgrade("0001_big");
        var runner = db.Runner(typeof(IndexOnABigTable), null, "cic-runner");

        var build = Task.Run(() => runner.UpgradeHead(), TestContext.Current.CancellationToken);
        var killed = 0L;
        var clock = Stopwatch.StartNew();
        while (killed == 0 && !build.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            // Killed only once the build has started (the index exists, INVALID, from its first phase on).
            killed = (long)db.Scalar("""
                SELECT count(pg_catalog.pg_terminate_backend(p.pid)) FROM pg_catalog.pg_stat_progress_create_index p
                JOIN pg_catalog.pg_stat_activity a ON a.pid = p.pid
                WHERE a.application_name = 'cic-runner' AND p.phase LIKE 'building index%'
                """)!;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1L, killed);
        await Assert.ThrowsAnyAsync<Exception>(() => build);
        Assert.Equal(false, db.Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_big_v'::regclass"));

        var refused = Assert.Throws<DatabaseStateException>(() => runner.UpgradeHead());
        Assert.Contains("0002_index", refused.Message);
        Assert.Contains("INVALID index (pg_index.indisvalid = false), as an interrupted CREATE INDEX CONCURRENTLY leaves: ix_big_v on table big.", refused.Message);
        Assert.Contains("Run again with RetryInterrupted = true", refused.Message);
        Assert.Equal(RemedyKind.RetryInterrupted, refused.Remedies[0].Kind);
        Assert.Contains("to drop the INVALID index ix_big_v on table big and build it again", refused.Remedies[0].When);

        var warnings = new List<string>();
        var retrying = db.Runner(typeof(IndexOnABigTable), new MigrationRunnerOptions { Listener = new WarningListener(warnings) }, "cic-retry");
        var result = retrying.Upgrade("heads", new RunOptions { RetryInterrupted = true });

        Assert.Equal(new[] { "0002_index" }, result.Steps.Select(s => s.Revision));
        Assert.Equal(true, db.Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_big_v'::regclass"));
        Assert.Contains(warnings, w => w.Contains("dropping the INVALID index ix_big_v", StringComparison.Ordinal));
        Assert.Equal(new[] { "0001_big", "0002_index" }, db.Recorded());
    }

    [Fact]
    public async Task InvalidIndexInTheWay_WithoutRetryInterrupted_FailsNamingIt()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        db.Execute("CREATE TABLE big (id INTEGER, v TEXT); INSERT INTO big VALUES (1, 'a'), (1, 'b'); CREATE INDEX ix_big_v ON big (v)");
        // The planner-visible effect of an interrupted build, reproduced directly: the same index, INVALID.
        db.Execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ix_big_v'::regclass");
        var runner = db.Runner(typeof(IndexOnABigTable));
        runner.Stamp("0001_big");

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0002_index", error.Revision);
        Assert.Contains("ix_big_v on table big exists but is INVALID (pg_index.indisvalid = false)", error.Message);
        Assert.Contains("RetryInterrupted = true", error.Message);
    }

    private sealed class WarningListener(List<string> warnings) : MigrationListener
    {
        public override void OnWarning(string message)
        {
            lock (warnings)
            {
                warnings.Add(message);
            }
        }
    }
}
