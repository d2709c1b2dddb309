using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MigrationChain;
using MigrationChain.Benchmarks;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Benchmarks;

/// <summary>
/// The PostgreSQL runner's speed, on a durable throwaway cluster (fsync and synchronous_commit on):
///   1. applying N migrations (CREATE TABLE + CREATE INDEX each) through the runner, against the same statements run
///      directly through Npgsql with one transaction per migration, in the same run. Commits wait for the disk, and
///      the disk's speed drifts (other work on the machine), so the two sides are interleaved in chunks of 50
///      migrations, alternating who goes first; the runner moves with Upgrade("<last revision of the chunk>"), so
///      its total also pays one version-table read and lock per chunk. A single UpgradeHead() applying all N on
///      another fresh database is reported beside it.
///   2. UpgradeHead() on a database already at head with N migrations, after warm-up: its latency, and its round
///      trips counted by a proxy between the runner and the server.
/// </summary>
internal static class PostgresBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var calls = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        const int Chunk = 50;

        await using var cluster = await PostgresCluster.StartAsync(durable: true);
        var chain = GeneratedChain.Create(count, typeof(PostgresBenchMigration));
        Console.WriteLine($"PostgreSQL: {await ScalarAsync(cluster.AdminConnectionString, "SELECT version()")}");
        Console.WriteLine($"fsync={await ScalarAsync(cluster.AdminConnectionString, "SHOW fsync")}, synchronous_commit={await ScalarAsync(cluster.AdminConnectionString, "SHOW synchronous_commit")}, " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {count} migrations, {rounds} rounds");

        // Warm-up: JIT, the driver, the server's catalog caches; not measured.
        await ApplyDirectlyAsync(await FreshDatabaseAsync(), 1, 50);
        await MigrationRunner.ForPostgresTypes(await FreshDatabaseAsync(), new MigrationRunnerOptions(), GeneratedChain.Create(50, typeof(PostgresBenchMigration))).UpgradeHeadAsync();

        var direct = new List<double>();
        var runner = new List<double>();
        var oneShot = new List<double>();
        string? atHead = null;
        for (var round = 0; round < rounds; round++)
        {
            var forDirect = await FreshDatabaseAsync();
            var forRunner = await FreshDatabaseAsync();
            var roundRunner = MigrationRunner.ForPostgresTypes(forRunner, new MigrationRunnerOptions(), chain);
            double directTotal = 0, runnerTotal = 0;
            for (var first = 1; first <= count; first += Chunk)
            {
                var last = Math.Min(first + Chunk - 1, count);
                if (((first / Chunk) + round) % 2 == 0)
                {
                    directTotal += await ApplyDirectlyAsync(forDirect, first, last);
                    runnerTotal += await ApplyWithRunnerAsync(roundRunner, last, last - first + 1);
                }
                else
                {
                    runnerTotal += await ApplyWithRunnerAsync(roundRunner, last, last - first + 1);
                    directTotal += await ApplyDirectlyAsync(forDirect, first, last);
                }
            }

            await RequireTablesAsync(forDirect, count);
            await RequireTablesAsync(forRunner, count);
            direct.Add(directTotal);
            runner.Add(runnerTotal);

            var whole = await FreshDatabaseAsync();
            var clock = Stopwatch.StartNew();
            var result = await MigrationRunner.ForPostgresTypes(whole, new MigrationRunnerOptions(), chain).UpgradeHeadAsync();
            oneShot.Add(clock.Elapsed.TotalMilliseconds);
            Require(result.Steps.Count == count);
            Console.WriteLine($"round {round + 1}: interleaved direct {directTotal:0} ms, runner {runnerTotal:0} ms (ratio {runnerTotal / directTotal:0.000}); one UpgradeHead() of all {count}: {oneShot[^1]:0} ms");
            atHead = forRunner;
        }

        Console.WriteLine();
        Console.WriteLine($"Apply {count}, interleaved: direct Npgsql median {Measure.Median(direct):0} ms, runner median {Measure.Median(runner):0} ms, ratio of medians {Measure.Median(runner) / Measure.Median(direct):0.000}");
        Console.WriteLine($"One UpgradeHead() applying {count}: median {Measure.Median(oneShot):0} ms");

        // At head: a runner created once, as an application holds it; warm, then timed call by call.
        var headRunner = MigrationRunner.ForPostgresTypes(atHead!, new MigrationRunnerOptions(), chain);
        Measure.WarmUp(() => Require(headRunner.UpgradeHead().WasUpToDate));

        var latencies = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = headRunner.UpgradeHead();
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Require(result.WasUpToDate);
        }

        latencies.Sort();
        Console.WriteLine($"UpgradeHead() at head ({count} applied, {calls} calls): median {Measure.Median(latencies):0.000} ms, p90 {latencies[(int)(calls * 0.9)]:0.000} ms, p99 {latencies[(int)(calls * 0.99)]:0.000} ms");

        // Round trips: the same calls through a proxy that counts each time the runner waits for the server.
        var server = new NpgsqlConnectionStringBuilder(atHead!);
        await using (var counter = new RoundTripCounter(server.Host!, server.Port))
        {
            var proxied = new NpgsqlConnectionStringBuilder(atHead!) { Port = counter.Port, ApplicationName = "bench-round-trips" }.ConnectionString;
            var countedRunner = MigrationRunner.ForPostgresTypes(proxied, new MigrationRunnerOptions(), chain);
            for (var i = 0; i < 10; i++)
            {
                countedRunner.UpgradeHead();
            }

            var perCall = new List<int>();
            for (var i = 0; i < 100; i++)
            {
                counter.Reset();
                countedRunner.UpgradeHead();
                perCall.Add(counter.RoundTrips);
            }

            Console.WriteLine($"Round trips per UpgradeHead() at head (100 calls after warm-up): min {perCall.Min()}, max {perCall.Max()}");
            NpgsqlConnection.ClearAllPools();
        }


        async Task<string> FreshDatabaseAsync() =>
            new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync("bench")) { Pooling = true, ApplicationName = "bench" }.ConnectionString;

        // The baseline: what a hand-written loop would do, on one open connection.
        async Task<double> ApplyDirectlyAsync(string connectionString, int first, int last)
        {
            var clock = Stopwatch.StartNew();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            for (var number = first; number <= last; number++)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                foreach (var statement in PostgresBenchMigration.Statements(number))
                {
                    await using var command = new NpgsqlCommand(statement, connection, transaction);
                    await command.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
            }

            return clock.Elapsed.TotalMilliseconds;
        }

        async Task<double> ApplyWithRunnerAsync(MigrationRunner runner, int last, int expected)
        {
            var clock = Stopwatch.StartNew();
            var result = await runner.UpgradeAsync(GeneratedChain.Revision(last));
            var elapsed = clock.Elapsed.TotalMilliseconds;
            Require(result.Steps.Count == expected);
            return elapsed;
        }

        async Task RequireTablesAsync(string connectionString, int expected) =>
            Require(long.Parse(await ScalarAsync(connectionString, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench\\_%'"), CultureInfo.InvariantCulture) == expected);

        async Task<string> ScalarAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
        }


        void Require(bool condition)
        {
            if (!condition)
            {
                throw new InvalidOperationException("The benchmark's own check failed: the runs did not do the same work.");
            }
        }
    }
}
