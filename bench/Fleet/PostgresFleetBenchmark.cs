using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Fleet.Benchmarks;

/// <summary>
/// mchain over a PostgreSQL fleet on a durable throwaway cluster (fsync on), with the twenty migrations of
/// bench/Fleet/PostgresTenants (CREATE TABLE + CREATE INDEX each): N tenant schemas of one database
/// (<c>--database URL --schemas 'tenant_%'</c>), then M databases (<c>--databases list.txt</c>), each at every
/// --parallel asked for. Beside each, in the same run and at the same parallelism, a baseline in this process: the
/// same statements and version rows sent per tenant through one Npgsql connection each (search_path set for a
/// schema), one transaction per migration, with no tool around them. The tool's wall time and peak RSS come from GNU
/// time; the load average is printed with every row, as the machine is shared.
/// </summary>
internal static class PostgresFleetBenchmark
{
    public static async Task RunAsync(string tool, string tenantsAssembly, int schemas, int databases, IReadOnlyList<int> parallels)
    {
        var statements = Assembly.LoadFrom(tenantsAssembly).GetType("MigrationChain.Fleet.PostgresTenants.TenantStatements", throwOnError: true)!;
        var count = (int)statements.GetField("Count")!.GetValue(null)!;
        string Sql(string method, int n) => (string)statements.GetMethod(method)!.Invoke(null, new object[] { n })!;

        await using var cluster = await PostgresCluster.StartAsync(durable: true);
        Console.WriteLine($"{await ScalarAsync(cluster.AdminConnectionString, "SELECT version()")}; fsync={await ScalarAsync(cluster.AdminConnectionString, "SHOW fsync")}; {Environment.ProcessorCount} cores; {count} migrations per tenant");
        Console.WriteLine("| fleet | --parallel | mchain wall | per tenant | peak RSS | baseline wall | ratio | load average (1 min) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (kind, size) in new[] { ("schemas", schemas), ("databases", databases) })
        {
            if (size <= 0)
            {
                continue;
            }

            foreach (var parallel in parallels)
            {
                var forTool = await FleetAsync(cluster, kind, size);
                var (wall, peakKb) = Tool(tool, tenantsAssembly, kind, forTool, parallel);
                await CheckAtHeadAsync(forTool, count);
                var load = LoadAverage();
                var forBaseline = await FleetAsync(cluster, kind, size);
                var baseline = await BaselineAsync(forBaseline, count, Sql, parallel);
                await CheckAtHeadAsync(forBaseline, count);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} {kind} | {parallel} | {wall:F1} s | {wall * 1000 / size:F0} ms | {peakKb / 1024.0:F0} MB | {baseline:F1} s | {wall / baseline:F2}x | {load} / {LoadAverage()} |"));
            }
        }
    }

    /// <summary>N tenants: schemas tenant_00001... of one new database, or N new databases; each as (connection string, schema).</summary>
    private static async Task<List<(string ConnectionString, string? Schema)>> FleetAsync(PostgresCluster cluster, string kind, int size)
    {
        if (kind == "schemas")
        {
            var database = await cluster.CreateDatabaseAsync("bench_schemas");
            var names = Enumerable.Range(1, size).Select(i => $"tenant_{i:D5}").ToList();
            await ExecuteAsync(database, string.Concat(names.Select(n => $"CREATE SCHEMA {n};")));
            return names.Select(n => (database, (string?)n)).ToList();
        }

        var fleet = new List<(string, string?)>();
        for (var i = 0; i < size; i++)
        {
            fleet.Add((await cluster.CreateDatabaseAsync("bench_db"), null));
        }

        return fleet;
    }

    private static (double Wall, long PeakKb) Tool(string tool, string tenantsAssembly, string kind, List<(string ConnectionString, string? Schema)> fleet, int parallel)
    {
        var folder = Directory.CreateTempSubdirectory("mc-bench-pgfleet-").FullName;
        try
        {
            var timeFile = Path.Combine(folder, "time.txt");
            var arguments = new List<string> { "-o", timeFile, "-f", "%e %M", "dotnet", tool, "upgrade", "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--json", "--assembly", tenantsAssembly };
            if (kind == "schemas")
            {
                arguments.AddRange(new[] { "--database", Url(fleet[0].ConnectionString), "--schemas", "tenant_%" });
            }
            else
            {
                File.WriteAllLines(Path.Combine(folder, "tenants.txt"), fleet.Select(t => Url(t.ConnectionString)));
                arguments.AddRange(new[] { "--databases", "tenants.txt" });
            }

            var info = new ProcessStartInfo("/usr/bin/time") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            arguments.ForEach(info.ArgumentList.Add);
            info.Environment["NO_COLOR"] = "1";
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Task.WaitAll(output, error);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"mchain exited with {process.ExitCode}: {error.Result[^Math.Min(2000, error.Result.Length)..]}");
            }

            var fields = File.ReadAllText(timeFile).Trim().Split('\n')[^1].Split(' ');
            return (double.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What the runner sends, minus its reads and its lock: per tenant one connection, per migration one transaction.</summary>
    private static async Task<double> BaselineAsync(List<(string ConnectionString, string? Schema)> fleet, int count, Func<string, int, string> sql, int parallel)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(fleet, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (tenant, token) =>
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(tenant.ConnectionString) { Pooling = true }.ConnectionString);
            await connection.OpenAsync(token);
            if (tenant.Schema is not null)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_catalog.set_config('search_path', '\"{tenant.Schema}\"', false)");
            }

            await ExecuteAsync(connection, null, "CREATE TABLE migration_history (revision text PRIMARY KEY, applied_at timestamptz NOT NULL)");
            for (var n = 1; n <= count; n++)
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                await ExecuteAsync(connection, transaction, sql("CreateTable", n));
                await ExecuteAsync(connection, transaction, sql("CreateIndex", n));
                await ExecuteAsync(connection, transaction, $"INSERT INTO migration_history VALUES ('{sql("Revision", n)}', now())");
                await transaction.CommitAsync(token);
            }

            if (tenant.Schema is not null)
            {
                await ExecuteAsync(connection, null, "RESET search_path");
            }
            else
            {
                // As mchain does between databases: a pool per database would keep one idle server connection per
                // tenant, and 200 tenants exceed max_connections.
                NpgsqlConnection.ClearPool(connection);
            }
        });
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>A run that left a tenant short of head is not a measurement: every tenant's last table must exist.</summary>
    private static async Task CheckAtHeadAsync(List<(string ConnectionString, string? Schema)> fleet, int count)
    {
        var last = $"t{count:D2}";
        foreach (var group in fleet.GroupBy(t => t.ConnectionString))
        {
            var found = Convert.ToInt32(await ScalarAsync(group.Key,
                $"SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = '{last}' AND n.nspname {(group.First().Schema is null ? "= 'public'" : "LIKE 'tenant\\_%'")}"), CultureInfo.InvariantCulture);
            if (found != group.Count())
            {
                throw new InvalidOperationException($"{found} of {group.Count()} tenants of {group.Key} are at head after the run.");
            }
        }
    }

    private static string Url(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, null, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
