using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MigrationChain.Fleet.Benchmarks;

/// <summary>
/// <c>mchain upgrade --databases "tenants/*.db"</c> over N new SQLite tenant files with the five migrations of
/// <see cref="SqliteFleetMigrations"/>: the tool's wall time and peak RSS (GNU time's maximum resident set), next to a
/// baseline measured in the same run: the same statements sent file by file through one Microsoft.Data.Sqlite
/// connection each, as many files at once as the tool's --parallel, in this process, with no tool around them.
/// </summary>
internal static class SqliteFleetBenchmark
{
    private static readonly string[] Statements =
    {
        "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL)", "CREATE INDEX accounts_name ON accounts (name)",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, total INTEGER NOT NULL)", "CREATE INDEX orders_account ON orders (account_id)",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, sku TEXT NOT NULL)", "CREATE INDEX items_order ON items (order_id)",
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, issued TEXT NOT NULL)", "CREATE INDEX invoices_order ON invoices (order_id)",
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, what TEXT NOT NULL)", "CREATE INDEX audit_at ON audit (at)",
    };

    public static void Run(string tool, IReadOnlyList<int> sizes, int runs, int parallel)
    {
        var migrations = typeof(SqliteFleetBenchmark).Assembly.Location;
        Console.WriteLine($"mchain upgrade --databases \"tenants/*.db\" --no-backup --parallel {parallel} --json, 5 migrations per new SQLite file; {runs} run(s) per size");
        Console.WriteLine("| tenants | mchain wall (median) | per tenant | peak RSS (max) | baseline wall (same SQL, same parallelism) | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var walls = new List<double>();
            var peaks = new List<long>();
            for (var run = 0; run < runs; run++)
            {
                using var fleet = new Fleet(size);
                var (wall, peakKb) = Tool(tool, fleet.Folder, migrations, parallel);
                fleet.CheckEveryTenantAtHead(5);
                walls.Add(wall);
                peaks.Add(peakKb);
            }

            double baseline;
            using (var fleet = new Fleet(size))
            {
                baseline = Baseline(fleet, parallel);
            }

            var median = walls.Order().ElementAt(walls.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {median:F1} s | {median * 1000 / size:F2} ms | {peaks.Max() / 1024.0:F0} MB | {baseline:F1} s | {median / baseline:F1}x |"));
        }
    }

    /// <summary>Runs the tool under GNU time; returns its wall time in seconds and its peak RSS in KB.</summary>
    private static (double Wall, long PeakKb) Tool(string tool, string folder, string migrations, int parallel)
    {
        var timeFile = Path.Combine(folder, "time.txt");
        var info = new ProcessStartInfo("/usr/bin/time")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-o", timeFile, "-f", "%e %M", "dotnet", tool, "upgrade", "--databases", "tenants/*.db", "--no-backup", "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--json", "--assembly", migrations })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        // Drained, not kept: ten thousand databases' JSON and log lines are the tool's work, not the benchmark's memory.
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var error = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        process.WaitForExit();
        Task.WaitAll(output, error);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mchain exited with {process.ExitCode} in {folder}");
        }

        var fields = File.ReadAllText(timeFile).Trim().Split('\n')[^1].Split(' ');
        return (double.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The same statements and version rows, as many files at once as the tool, one connection per file and one transaction per migration.</summary>
    private static double Baseline(Fleet fleet, int parallel)
    {
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(fleet.Files, new ParallelOptions { MaxDegreeOfParallelism = parallel }, file =>
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            // What the runner sets on a database it creates: WAL, and NORMAL synchronous (no fsync per commit).
            Execute(connection, null, "PRAGMA journal_mode=WAL");
            Execute(connection, null, "PRAGMA synchronous=NORMAL");
            Execute(connection, null, "CREATE TABLE migration_history (revision TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
            for (var i = 0; i < Statements.Length; i += 2)
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, transaction, Statements[i]);
                Execute(connection, transaction, Statements[i + 1]);
                Execute(connection, transaction, $"INSERT INTO migration_history VALUES ('f000{(i / 2) + 1}', datetime('now'))");
                transaction.Commit();
            }
        });

        return clock.Elapsed.TotalSeconds;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>N empty tenant files (new databases) in a fresh temporary folder, deleted afterwards.</summary>
    private sealed class Fleet : IDisposable
    {
        public Fleet(int size)
        {
            Folder = Directory.CreateTempSubdirectory("mc-bench-fleet-").FullName;
            Directory.CreateDirectory(Path.Combine(Folder, "tenants"));
            Files = Enumerable.Range(0, size).Select(i => Path.Combine(Folder, "tenants", $"t{i:D5}.db")).ToList();
            foreach (var file in Files)
            {
                File.WriteAllBytes(file, Array.Empty<byte>());
            }
        }

        public string Folder { get; }

        public List<string> Files { get; }

        /// <summary>A run that left any tenant short of head is not a measurement: every tenth is read back.</summary>
        public void CheckEveryTenantAtHead(int migrations)
        {
            foreach (var file in Files.Where((_, i) => i % 10 == 0))
            {
                using var connection = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM migration_history";
                if (Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) != migrations)
                {
                    throw new InvalidOperationException($"{file} is not at head after the run.");
                }
            }
        }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
