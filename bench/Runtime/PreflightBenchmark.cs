using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Postgres;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Benchmarks;

/// <summary>
/// What the PostgreSQL lock preflight adds before one pending migration that touches 5 tables (10,000 rows each):
/// recording its statements offline, reading them with the shared SQL lock reading, and the one catalog round trip.
/// Baseline in the same run, interleaved: a bare <c>SELECT 1</c> round trip on the same connection.
/// </summary>
internal static class PreflightBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync("preflight");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 1; i <= 5; i++)
        {
            await using var create = new NpgsqlCommand($"CREATE TABLE t{i} (id INTEGER); INSERT INTO t{i} SELECT generate_series(1, 10000); ANALYZE t{i}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var definition = MigrationCatalog.FromTypes(new[] { typeof(FiveTables) }).Definitions[0];
        var options = new MigrationRunnerOptions();
        await using var ping = new NpgsqlCommand("SELECT 1", connection);
        var preflight = new List<TimeSpan>();
        var baseline = new List<TimeSpan>();
        for (var call = -50; call < calls; call++)
        {
            var clock = Stopwatch.StartNew();
            var plan = await PostgresPreflight.PlanAsync(connection, new[] { definition }, options, default);
            var spent = clock.Elapsed;
            clock.Restart();
            await ping.ExecuteScalarAsync();
            var pinged = clock.Elapsed;
            if (plan.Count != 5)
            {
                throw new InvalidOperationException($"expected 5 planned statements, got {plan.Count}");
            }

            if (call >= 0)
            {
                preflight.Add(spent);
                baseline.Add(pinged);
            }
        }

        Console.WriteLine($"preflight of one migration touching 5 tables, median of {calls}: {Measure.Ms(Measure.Median(preflight))} " +
                          $"(SELECT 1 round trip on the same connection: {Measure.Ms(Measure.Median(baseline))})");
    }

    [Migration("0001_five_tables")]
    public sealed class FiveTables : Migration
    {
        public override void Upgrade(MigrationBuilder m) => m.Sql(
            "ALTER TABLE t1 ADD COLUMN a INTEGER; ALTER TABLE t2 ADD COLUMN a INTEGER; CREATE INDEX ix_t3 ON t3 (id); " +
            "ALTER TABLE t4 ALTER COLUMN id SET NOT NULL; ALTER TABLE t5 ADD COLUMN a INTEGER");
    }
}
