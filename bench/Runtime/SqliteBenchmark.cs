using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using MigrationChain;
using MigrationChain.Benchmarks;

namespace MigrationChain.Benchmarks;

/// <summary>
/// The runtime core's targets on SQLite (issue 2): validating a 10,000-migration chain, UpgradeHead() at head with
/// 1,000 migrations after warm-up, and applying 1,000 migrations against the same SQL through Microsoft.Data.Sqlite.
/// </summary>
internal static class SqliteBenchmark
{
    public static void Run(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        var folder = Path.Combine(Path.GetTempPath(), $"mc-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        Console.WriteLine($"MigrationChain core benchmarks, {Environment.ProcessorCount} cores, .NET {Environment.Version}, databases in {folder} (ext4, not tmpfs)");
        Console.WriteLine();
        Console.WriteLine("| Measurement | Median | Baseline (same run) | Ratio | Target |");
        Console.WriteLine("|---|---|---|---|---|");
        try
        {
            if (which is "validate" or "all")
            {
                Validation();
            }

            if (which is "at-head" or "apply" or "all")
            {
                var chain = GeneratedChain.Create(1000, typeof(SqliteBenchMigration));
                if (which is "at-head" or "all")
                {
                    AtHead(chain, folder);
                }

                if (which is "apply" or "all")
                {
                    Apply(chain, folder);
                }
            }

            if (which is "new-runner" or "all")
            {
                NewRunner(GeneratedChain.Create(1000, typeof(SqliteBenchMigration)), folder);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        // Validation of a 10,000-migration chain (with merges and a labelled branch, so every rule has work). Target <= 20 ms.
        static void Validation()
        {
            var facts = new List<RevisionInfo> { new("00001", Array.Empty<string>()) };
            for (var i = 2; i <= 10_000; i++)
            {
                var parent = $"{i - 1:D5}";
                facts.Add(i % 500 == 0
                    ? new RevisionInfo($"{i:D5}", new[] { parent, $"side{i - 250:D5}" }) { ParentDeclaration = ParentDeclaration.Parents }
                    : new RevisionInfo($"{i:D5}", new[] { parent }));
                if (i % 500 == 250)
                {
                    facts.Add(new RevisionInfo($"side{i:D5}", new[] { $"{i - 1:D5}" }));
                }
            }

            facts.Add(new RevisionInfo("p00001", Array.Empty<string>(), "plugins"));
            if (ChainValidator.Validate(facts).Count != 0)
            {
                throw new InvalidOperationException("the benchmark chain should be valid");
            }

            Measure.WarmUp(() => ChainValidator.Validate(facts));
            Measure.WarmUp(() => facts.ToDictionary(f => f.Revision, StringComparer.Ordinal), TimeSpan.FromSeconds(0.5));

            var validate = Measure.Median(31, () => ChainValidator.Validate(facts));
            var baseline = Measure.Median(31, () => facts.ToDictionary(f => f.Revision, StringComparer.Ordinal));
            Measure.Report($"Validate {facts.Count:N0} revisions", validate, baseline, "index ids in a Dictionary", "<= 20 ms");
        }

        // UpgradeHead() on a database already at head with 1,000 migrations, in process, after warm-up. Target <= 2 ms.
        static void AtHead(IReadOnlyList<Type> chain, string folder)
        {
            var path = Path.Combine(folder, "at-head.db");
            var runner = MigrationRunner.ForSqliteTypes($"Data Source={path}", new MigrationRunnerOptions(), chain);
            runner.UpgradeHead();
            Measure.WarmUp(() => runner.UpgradeHead());

            var upgradeHead = Measure.Median(301, () =>
            {
                if (!runner.UpgradeHead().WasUpToDate)
                {
                    throw new InvalidOperationException("expected the database at head");
                }
            });

            // The least any runner must do: open a (pooled) connection and read the version table.
            void ReadVersionTable()
            {
                using var connection = new SqliteConnection($"Data Source={path}");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT revision, parents, state, applied_at, duration_ms FROM migration_history";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    reader.GetString(0);
                }
            }

            // Whether this runtime records checksums (and so compares them at head): says which code was measured.
            using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                connection.Open();
                using var count = connection.CreateCommand();
                count.CommandText = "SELECT count(*) FROM migration_history WHERE checksum IS NOT NULL";
                Console.WriteLine($"(version rows with a checksum: {count.ExecuteScalar()})");
            }

            Measure.WarmUp(ReadVersionTable, TimeSpan.FromSeconds(1));
            var baseline = Measure.Median(301, ReadVersionTable);
            Measure.Report("UpgradeHead() at head, 1,000 migrations", upgradeHead, baseline, "open + read version table", "<= 2 ms");
        }

        // A new runner per call (issue 13): MigrationRunner.ForSqlite(assemblies) + a no-op UpgradeHead() at N = 1,000.
        // The first runner of the process discovers and validates the chain (one sample: the process-wide catalog cache
        // makes it the only cold one); every later runner reuses it. Baseline: one reused runner's no-op. Target <= 1 ms.
        static void NewRunner(IReadOnlyList<Type> chain, string folder)
        {
            var path = Path.Combine(folder, "new-runner.db");
            var connectionString = $"Data Source={path}";
            var assembly = chain[0].Assembly;
            MigrationRunner.ForSqliteTypes(connectionString, new MigrationRunnerOptions(), chain).UpgradeHead();

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var first = MigrationRunner.ForSqlite(connectionString, assembly).UpgradeHead();
            var firstRunner = clock.Elapsed;
            if (!first.WasUpToDate)
            {
                throw new InvalidOperationException("expected the database at head");
            }

            void NewRunnerNoOp()
            {
                if (!MigrationRunner.ForSqlite(connectionString, assembly).UpgradeHead().WasUpToDate)
                {
                    throw new InvalidOperationException("expected the database at head");
                }
            }

            var reused = MigrationRunner.ForSqlite(connectionString, assembly);
            Measure.WarmUp(NewRunnerNoOp);
            Measure.WarmUp(() => reused.UpgradeHead(), TimeSpan.FromSeconds(1));
            var fresh = Measure.Median(301, NewRunnerNoOp);
            var baseline = Measure.Median(301, () => reused.UpgradeHead());
            Console.WriteLine($"(first runner of the process, ForSqlite + no-op UpgradeHead(): {Measure.Ms(firstRunner)})");
            Measure.Report("New runner + no-op UpgradeHead(), 1,000 migrations", fresh, baseline, "reused runner's no-op", "<= 1 ms");
        }

        // Applying 1,000 migrations (CREATE TABLE + CREATE INDEX each) vs the same statements through Microsoft.Data.Sqlite,
        // one transaction per migration. Rounds alternate which goes first. Target <= 1.5x.
        static void Apply(IReadOnlyList<Type> chain, string folder)
        {
            var ours = new List<TimeSpan>();
            var direct = new List<TimeSpan>();
            for (var round = 0; round < 5; round++)
            {
                var first = round % 2 == 0;
                for (var turn = 0; turn < 2; turn++)
                {
                    var path = Path.Combine(folder, $"apply-{round}-{turn}.db");
                    if ((turn == 0) == first)
                    {
                        var runner = MigrationRunner.ForSqliteTypes($"Data Source={path}", new MigrationRunnerOptions(), chain);
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        runner.UpgradeHead();
                        ours.Add(clock.Elapsed);
                    }
                    else
                    {
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        using var connection = new SqliteConnection($"Data Source={path}");
                        connection.Open();
                        for (var i = 1; i <= chain.Count; i++)
                        {
                            using var transaction = connection.BeginTransaction();
                            foreach (var sql in SqliteBenchMigration.Statements(i))
                            {
                                using var command = connection.CreateCommand();
                                command.Transaction = transaction;
                                command.CommandText = sql;
                                command.ExecuteNonQuery();
                            }

                            transaction.Commit();
                        }

                        direct.Add(clock.Elapsed);
                    }
                }
            }

            Measure.Report("Apply 1,000 migrations (runner)", Measure.Median(ours), Measure.Median(direct), "same SQL via Microsoft.Data.Sqlite", "<= 1.5x");
        }
    }
}
