using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Benchmarks;

/// <summary>
/// Applying N migrations through the runner against the same statements through the plain driver, with the same
/// database settings, in two shapes: a transaction per migration, and one transaction for all (the runner's
/// TransactionMode = OneTransaction). Each round runs the four on fresh databases, in an order that rotates.
/// SQLite: the runner creates the database, so it is in WAL with synchronous=NORMAL; the raw side sets the same.
/// </summary>
internal static class TransactionModeBenchmark
{
    public static void RunSqlite(int count, int rounds)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mc-bench-modes-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var chain = GeneratedChain.Create(count, typeof(SqliteBenchMigration));
        Console.WriteLine($"SQLite {SqliteVersion()}, {count} migrations, {rounds} rounds, files in {folder}");
        try
        {
            var file = 0;
            string Fresh() => Path.Combine(folder, $"db-{file++}.db");
            var sides = new (string Name, Func<string, double> Run)[]
            {
                ("runner, per migration", path => Runner(path, chain, MigrationTransactionMode.PerMigration)),
                ("raw, per migration", path => RawSqlite(path, count, oneTransaction: false)),
                ("runner, one transaction", path => Runner(path, chain, MigrationTransactionMode.OneTransaction)),
                ("raw, one transaction", path => RawSqlite(path, count, oneTransaction: true)),
            };
            Report(Rounds(sides, rounds, Fresh, warmUp: () => { Runner(Fresh(), GeneratedChain.Create(20, typeof(SqliteBenchMigration)), MigrationTransactionMode.PerMigration); RawSqlite(Fresh(), 20, false); }));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        static double Runner(string path, IReadOnlyList<Type> chain, MigrationTransactionMode mode)
        {
            var runner = MigrationRunner.ForSqliteTypes($"Data Source={path}", new MigrationRunnerOptions { TransactionMode = mode }, chain);
            var clock = Stopwatch.StartNew();
            var result = runner.UpgradeHead();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            Require(result.Steps.Count == chain.Count && (string)Scalar(path, "PRAGMA journal_mode") == "wal");
            return elapsed;
        }

        static double RawSqlite(string path, int count, bool oneTransaction)
        {
            var clock = Stopwatch.StartNew();
            using var connection = new SqliteConnection($"Data Source={path}");
            connection.Open();
            using (var settings = connection.CreateCommand())
            {
                settings.CommandText = "PRAGMA journal_mode = wal; PRAGMA synchronous = NORMAL";
                settings.ExecuteNonQuery();
            }

            var transaction = oneTransaction ? connection.BeginTransaction() : null;
            for (var i = 1; i <= count; i++)
            {
                var step = transaction ?? connection.BeginTransaction();
                foreach (var sql in SqliteBenchMigration.Statements(i))
                {
                    using var command = connection.CreateCommand();
                    command.Transaction = step;
                    command.CommandText = sql;
                    command.ExecuteNonQuery();
                }

                if (transaction is null)
                {
                    step.Commit();
                    step.Dispose();
                }
            }

            transaction?.Commit();
            transaction?.Dispose();
            return clock.Elapsed.TotalMilliseconds;
        }

        static object Scalar(string path, string sql)
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar()!;
        }

        static string SqliteVersion()
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            return connection.ServerVersion;
        }
    }

    public static async Task RunPostgresAsync(int count, int rounds)
    {
        await using var cluster = await PostgresCluster.StartAsync(durable: true);
        var chain = GeneratedChain.Create(count, typeof(PostgresBenchMigration));
        Console.WriteLine($"PostgreSQL (durable cluster: fsync and synchronous_commit on), {count} migrations, {rounds} rounds");
        var fresh = new List<string>();
        for (var i = 0; i < (rounds * 4) + 2; i++)
        {
            fresh.Add(new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync("modes")) { Pooling = true, ApplicationName = "bench" }.ConnectionString);
        }

        var next = 0;
        string Fresh() => fresh[next++];
        var sides = new (string Name, Func<string, double> Run)[]
        {
            ("runner, per migration", cs => Runner(cs, chain, MigrationTransactionMode.PerMigration)),
            ("raw, per migration", cs => Raw(cs, count, oneTransaction: false)),
            ("runner, one transaction", cs => Runner(cs, chain, MigrationTransactionMode.OneTransaction)),
            ("raw, one transaction", cs => Raw(cs, count, oneTransaction: true)),
        };
        Report(Rounds(sides, rounds, Fresh, warmUp: () => { Runner(Fresh(), GeneratedChain.Create(20, typeof(PostgresBenchMigration)), MigrationTransactionMode.PerMigration); Raw(Fresh(), 20, false); }));
        NpgsqlConnection.ClearAllPools();

        static double Runner(string connectionString, IReadOnlyList<Type> chain, MigrationTransactionMode mode)
        {
            var runner = MigrationRunner.ForPostgresTypes(connectionString, new MigrationRunnerOptions { TransactionMode = mode }, chain);
            var clock = Stopwatch.StartNew();
            var result = runner.UpgradeHead();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            Require(result.Steps.Count == chain.Count);
            return elapsed;
        }

        static double Raw(string connectionString, int count, bool oneTransaction)
        {
            var clock = Stopwatch.StartNew();
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            var transaction = oneTransaction ? connection.BeginTransaction() : null;
            for (var number = 1; number <= count; number++)
            {
                var step = transaction ?? connection.BeginTransaction();
                foreach (var statement in PostgresBenchMigration.Statements(number))
                {
                    using var command = new NpgsqlCommand(statement, connection, step);
                    command.ExecuteNonQuery();
                }

                if (transaction is null)
                {
                    step.Commit();
                    step.Dispose();
                }
            }

            transaction?.Commit();
            transaction?.Dispose();
            return clock.Elapsed.TotalMilliseconds;
        }
    }

    private static Dictionary<string, List<double>> Rounds((string Name, Func<string, double> Run)[] sides, int rounds, Func<string> fresh, Action warmUp)
    {
        warmUp();
        var samples = new Dictionary<string, List<double>>();
        foreach (var side in sides)
        {
            samples[side.Name] = new List<double>();
        }

        for (var round = 0; round < rounds; round++)
        {
            var line = new List<string>();
            for (var turn = 0; turn < sides.Length; turn++)
            {
                var side = sides[(turn + round) % sides.Length];
                var ms = side.Run(fresh());
                samples[side.Name].Add(ms);
                line.Add($"{side.Name} {ms:0}");
            }

            Console.WriteLine($"round {round + 1}: {string.Join(", ", line)} (ms)");
        }

        return samples;
    }

    private static void Report(Dictionary<string, List<double>> samples)
    {
        double Median(string name) => Measure.Median(samples[name]);
        Console.WriteLine();
        Console.WriteLine("| Apply | Runner median | Raw median (same settings, same run) | Ratio | Target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| a transaction per migration | {Median("runner, per migration"):0} ms | {Median("raw, per migration"):0} ms | {Median("runner, per migration") / Median("raw, per migration"):0.00}x | <= 1.3x |");
        Console.WriteLine($"| one transaction | {Median("runner, one transaction"):0} ms | {Median("raw, one transaction"):0} ms | {Median("runner, one transaction") / Median("raw, one transaction"):0.00}x | <= 1.2x |");
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The benchmark's own check failed: the runs did not do the same work.");
        }
    }
}
