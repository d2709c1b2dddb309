using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Benchmarks;

/// <summary>
/// A no-op <c>UpgradeHead()</c> as the chain grows (issue 13): N = 100, 1,000 and 10,000 revisions recorded at head
/// (by <c>Stamp("heads")</c>, which writes the same rows an upgrade does, without running 10,000 migrations), then,
/// interleaved call by call so a slow moment of the machine hits all three alike:
///   - a reused runner's no-op (target at N = 1,000: 0.5 ms SQLite, 1 ms PostgreSQL),
///   - a new runner over the same assembly + no-op (target 1 ms),
///   - the baseline: open a pooled connection and read one row of the version table, the least any check can do.
/// PostgreSQL also counts the round trips of one no-op through a proxy.
///   dotnet run -c Release --project bench/Runtime -- at-head-scale sqlite|postgres [calls=301]
/// </summary>
internal static class AtHeadScaleBenchmark
{
    private static readonly int[] Sizes = { 100, 1000, 10_000 };

    public static async Task RunAsync(string[] args)
    {
        var database = args.FirstOrDefault() ?? "sqlite";
        var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 301;
        Console.WriteLine($"No-op UpgradeHead() by chain length, {database}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, medians of {calls} interleaved calls");
        Console.WriteLine();
        Console.WriteLine("| N | Reused runner's no-op | New runner + no-op | Baseline: open + read one row | Reused ÷ baseline | New ÷ baseline |");
        Console.WriteLine("|---|---|---|---|---|---|");
        if (database == "postgres")
        {
            await using var cluster = await PostgresCluster.StartAsync(durable: true);
            foreach (var size in Sizes)
            {
                var connectionString = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync("scale")) { Pooling = true, ApplicationName = "bench" }.ConnectionString;
                var assembly = Measure(size, calls, connectionString, (cs, a) => MigrationRunner.ForPostgres(cs, a), ReadOneRowPostgres);
                Console.WriteLine($"|   | round trips per no-op at N = {size:N0}: {await CountRoundTripsAsync(connectionString, assembly)} | | | | |");
            }

            NpgsqlConnection.ClearAllPools();
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), $"mc-bench-scale-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var size in Sizes)
            {
                Measure(size, calls, $"Data Source={Path.Combine(folder, $"scale-{size}.db")}", (cs, a) => MigrationRunner.ForSqlite(cs, a), ReadOneRowSqlite);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static System.Reflection.Assembly Measure(int size, int calls, string connectionString, Func<string, System.Reflection.Assembly, MigrationRunner> create, Action<string> baseline)
    {
        var chain = GeneratedChain.Create(size, typeof(SqliteBenchMigration));
        var assembly = chain[0].Assembly;
        var reused = create(connectionString, assembly);
        reused.Stamp("heads");
        Require(reused.UpgradeHead().WasUpToDate);

        void Reused() => Require(reused.UpgradeHead().WasUpToDate);
        void Fresh() => Require(create(connectionString, assembly).UpgradeHead().WasUpToDate);
        void Baseline() => baseline(connectionString);

        Benchmarks.Measure.WarmUp(() => { Reused(); Fresh(); Baseline(); });
        var samples = new[] { new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>() };
        var actions = new Action[] { Reused, Fresh, Baseline };
        for (var call = 0; call < calls; call++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                // Rotate who goes first, so no side always runs right after another's allocations.
                var which = (i + call) % actions.Length;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                actions[which]();
                samples[which].Add(clock.Elapsed);
            }
        }

        var (r, f, b) = (Benchmarks.Measure.Median(samples[0]), Benchmarks.Measure.Median(samples[1]), Benchmarks.Measure.Median(samples[2]));
        Console.WriteLine($"| {size:N0} | {Benchmarks.Measure.Ms(r)} | {Benchmarks.Measure.Ms(f)} | {Benchmarks.Measure.Ms(b)} | {r / b:0.00}x | {f / b:0.00}x |");
        return assembly;
    }

    private static void ReadOneRowSqlite(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT revision FROM migration_history LIMIT 1";
        Require(command.ExecuteScalar() is string);
    }

    private static void ReadOneRowPostgres(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT revision FROM migration_history LIMIT 1", connection);
        Require(command.ExecuteScalar() is string);
    }

    private static async Task<string> CountRoundTripsAsync(string connectionString, System.Reflection.Assembly assembly)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        await using var counter = new RoundTripCounter(server.Host!, server.Port);
        var proxied = new NpgsqlConnectionStringBuilder(connectionString) { Port = counter.Port, ApplicationName = "bench-round-trips" }.ConnectionString;
        var runner = MigrationRunner.ForPostgres(proxied, assembly);
        runner.UpgradeHead();
        var perCall = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            counter.Reset();
            Require(runner.UpgradeHead().WasUpToDate);
            perCall.Add(counter.RoundTrips);
        }

        return $"min {perCall.Min()}, max {perCall.Max()}";
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The benchmark's own check failed: the database was not at head.");
        }
    }
}
