using System.Diagnostics;
using System.Globalization;
using MigrationChain.Execution;
using MigrationChain.Runtime.Tests.Execution;
using MigrationChain.Sqlite;
using MigrationChain.Testing.Support;

#pragma warning disable CA1034, CA1812 // test chains are nested classes

namespace MigrationChain.Runtime.Tests.Sqlite;

/// <summary>
/// Runners racing on one SQLite file. SQLite has no run lock: runners are serialized per step by its write lock,
/// so a runner that read the version table before another committed must read it again under the write lock, or it
/// applies a step twice. Both tests here fail when that re-read is skipped.
/// </summary>
public class SqliteConcurrencyTests
{
    private const int ChainLength = 30;

    [Fact]
    public async Task ProcessesReleasedTogether_ReadWhileTheFirstIsMidChain_YetEachMigrationRunsExactlyOnce_AndAllSucceed()
    {
        using var db = new SqliteDatabase();
        var app = TestEnvironment.BuiltOutput("tests/RunnerApp", "MigrationChain.Tests.RunnerApp.dll");
        var barrier = System.IO.Path.Combine(db.Folder, "go");
        const int processes = 3;

        // 40 ms per migration inside its transaction: the chain takes over a second, so the processes that lose
        // the first write lock have read the version table long before the winner is done.
        var runs = Enumerable.Range(0, processes).Select(i => ProcessRunner.RunAsync(
            "dotnet",
            new[] { app, "sqlite", db.ConnectionString, "upgrade" },
            environment: new Dictionary<string, string?>
            {
                ["RUNNERAPP_SLEEP_MS"] = "40",
                ["RUNNERAPP_READY"] = System.IO.Path.Combine(db.Folder, $"ready-{i}"),
                ["RUNNERAPP_BARRIER"] = barrier,
            },
            timeout: TimeSpan.FromMinutes(2))).ToList();
        await WaitForFilesAsync(Enumerable.Range(0, processes).Select(i => System.IO.Path.Combine(db.Folder, $"ready-{i}")));
        await File.WriteAllTextAsync(barrier, "go", TestContext.Current.CancellationToken);
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var applied = results.Select(r => Count(r.Output, "applied")).ToList();
        var planned = results.Select(r => Count(r.Error, "planned")).ToList();
        Assert.Equal(ChainLength, applied.Sum());
        Assert.Equal((long)ChainLength, db.Scalar("SELECT count(*) FROM executions"));
        Assert.Equal((long)ChainLength, db.Scalar("SELECT count(DISTINCT revision) FROM executions"));
        Assert.Equal(ChainLength, db.Recorded().Count);

        // The race really happened: at least two processes planned steps from a read taken before those steps were
        // committed by someone else (a runner that trusted that read would have applied them again).
        Assert.True(
            Enumerable.Range(0, processes).Count(i => planned[i] > applied[i]) >= 2,
            $"planned {string.Join("/", planned)}, applied {string.Join("/", applied)}: the processes did not overlap");
    }

    [Fact]
    public async Task WriteLockHandedOverMidChain_TheRunnerWhoseReadIsStale_ReadsAgain_AndAppliesNothingTwice()
    {
        using var db = new SqliteDatabase();
        var timeout = TimeSpan.FromSeconds(30);
        HandOver.Reset();
        var first = Task.Run(() => db.Runner(typeof(HandOver)).UpgradeHead(), TestContext.Current.CancellationToken);

        // The first runner is inside 0002, holding the write lock. The second reads the version table (0001 only),
        // plans 0002 and 0003, and reaches the write lock; only then does the first commit 0002 and go on to 0003.
        await HandOver.FirstInsideStep2.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        var second = new ObservedProvider(new SqliteProvider(db.ConnectionString, new MigrationRunnerOptions()))
        {
            BeforeWrite = async index =>
            {
                if (index == 0)
                {
                    HandOver.SecondHasRead.TrySetResult();
                    await HandOver.FirstPastStep2.Task.WaitAsync(timeout);
                }
            },
        };
        var secondResult = await second.Engine(typeof(HandOver).GetNestedTypes())
            .RunAsync(MigrationOperation.Upgrade, "head", null, TestContext.Current.CancellationToken);
        var firstResult = await first.WaitAsync(timeout, TestContext.Current.CancellationToken);

        Assert.Equal(new[] { "h001", "h002", "h003" }, firstResult.Steps.Select(s => s.Revision));
        Assert.Empty(secondResult.Steps);
        Assert.Equal(new[] { "h003" }, secondResult.Current);
        Assert.Equal(new[] { "h001", "h002", "h003" }, db.Strings("SELECT revision FROM executions ORDER BY revision"));
    }

    [Fact]
    public void WriterHoldingTheDatabase_EndsInALockTimeout_NotAHang()
    {
        using var db = new SqliteDatabase();
        var runner = db.Runner(typeof(Chains.Linear), new MigrationRunnerOptions { LockTimeout = TimeSpan.FromSeconds(1) });
        runner.Upgrade("0001");
        using var holder = db.Open();
        using var transaction = holder.BeginTransaction();

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<MigrationLockTimeoutException>(() => runner.UpgradeHead());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
        Assert.Contains("LockTimeout", error.Message);
        transaction.Rollback();
        Assert.Equal(new[] { "0001_users" }, db.Recorded());
    }

    private static int Count(string text, string word) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(word + " ", StringComparison.Ordinal))
            .Sum(l => int.Parse(l[(word.Length + 1)..], CultureInfo.InvariantCulture));

    private static async Task WaitForFilesAsync(IEnumerable<string> paths)
    {
        var clock = Stopwatch.StartNew();
        while (!paths.All(File.Exists))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "the runner processes did not start within a minute");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Three logged migrations whose second waits, inside its transaction, for the test to hand the lock over.</summary>
    public static class HandOver
    {
        public static TaskCompletionSource FirstInsideStep2 { get; private set; } = new();

        public static TaskCompletionSource SecondHasRead { get; private set; } = new();

        public static TaskCompletionSource FirstPastStep2 { get; private set; } = new();

        public static void Reset()
        {
            FirstInsideStep2 = new(TaskCreationOptions.RunContinuationsAsynchronously);
            SecondHasRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
            FirstPastStep2 = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private static void Log(MigrationBuilder m) => m.Sql($"CREATE TABLE t_{m.Revision} (id INTEGER); INSERT INTO executions VALUES ('{m.Revision}')");

        [Migration("h001")]
        public sealed class First : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE executions (revision TEXT NOT NULL)");
                Log(m);
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE executions");
        }

        [Migration("h002", Parent = "h001")]
        public sealed class Second : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                Log(m);
                FirstInsideStep2.TrySetResult();
                SecondHasRead.Task.Wait(TimeSpan.FromSeconds(30));
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t_h002");
        }

        [Migration("h003", Parent = "h002")]
        public sealed class Third : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                FirstPastStep2.TrySetResult();
                Log(m);
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t_h003");
        }
    }
}
