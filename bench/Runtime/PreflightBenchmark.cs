using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using MigrationChain.Discovery;
using MigrationChain.Postgres;
using MigrationChain.Sql;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Benchmarks;

/// <summary>
/// What the PostgreSQL lock policy adds to one pending migration that touches 5 tables (10,000 rows each): the live
/// check (each statement read with the shared SQL lock reading just before it is sent, the facts for the whole
/// <c>Sql</c> call in one catalog round trip), and, for reference, the dry run's plan (statements recorded offline).
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
        var policy = new LiveLockPolicy(options);
        var statements = SqlStatementSplitter.Split(FiveTables.Text, SqlDialect.Postgres);
        await using var ping = new NpgsqlCommand("SELECT 1", connection);
        var live = new List<TimeSpan>();
        var plans = new List<TimeSpan>();
        var baseline = new List<TimeSpan>();
        for (var call = -50; call < calls; call++)
        {
            var clock = Stopwatch.StartNew();
            var gate = new LiveLockPolicy.Gate(policy, connection, definition);
            foreach (var statement in statements)
            {
                gate.BeforeExecute(statement, null, null, default);
            }

            var checkedLive = clock.Elapsed;
            clock.Restart();
            var plan = await PostgresPreflight.PlanAsync(connection, new[] { definition }, options, default);
            var planned = clock.Elapsed;
            clock.Restart();
            await ping.ExecuteScalarAsync();
            var pinged = clock.Elapsed;
            if (plan.Count != 5)
            {
                throw new InvalidOperationException($"expected 5 planned statements, got {plan.Count}");
            }

            if (call >= 0)
            {
                live.Add(checkedLive);
                plans.Add(planned);
                baseline.Add(pinged);
            }
        }

        Console.WriteLine($"migration touching 5 tables, median of {calls}: live lock check {Measure.Ms(Measure.Median(live))}, " +
                          $"dry-run plan {Measure.Ms(Measure.Median(plans))} (SELECT 1 round trip on the same connection: {Measure.Ms(Measure.Median(baseline))})");
    }

    [Migration("0001_five_tables")]
    public sealed class FiveTables : Migration
    {
        public const string Text =
            "ALTER TABLE t1 ADD COLUMN a INTEGER; ALTER TABLE t2 ADD COLUMN a INTEGER; CREATE INDEX ix_t3 ON t3 (id); " +
            "ALTER TABLE t4 ALTER COLUMN id SET NOT NULL; ALTER TABLE t5 ADD COLUMN a INTEGER";

        public override void Upgrade(MigrationBuilder m) => m.Sql(Text);
    }
}
