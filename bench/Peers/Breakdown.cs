using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MigrationChain.Benchmarks.Peers.Apps;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Benchmarks.Peers;

/// <summary>
/// Where a PostgreSQL apply's time goes, per migration, for the raw program, MigrationChain and DbUp, the peer it is
/// measured against (docs/benchmarks.md, "Peers"): each app applies N migrations once, through a proxy that counts round trips, on a database whose every
/// statement the server logs with its duration (<c>log_min_duration_statement = 0</c>, which itself slows the server
/// a little, so these are not the timed runs). The log's lines are grouped by statement, numbers masked, and summed:
/// what each kind of statement costs the server per migration, and how many of them a migration sends.
///   dotnet run -c Release --project bench/Peers -- postgres-breakdown [migrations=200]
/// </summary>
internal static partial class Breakdown
{
    public static async Task<int> RunAsync(int count, string repository)
    {
        PeerApp[] apps = [new RawApp(), new MigrationChainApp(), new DbUpApp()];
        var built = new Dictionary<string, string>();
        foreach (var app in apps)
        {
            built[app.Name] = await AppBuilder.BuildAsync(app, Dialect.Postgres, count, repository);
        }

        await using var cluster = await PostgresCluster.StartAsync(durable: true);
        var log = Path.Combine(cluster.DataDirectory ?? throw new InvalidOperationException("The breakdown reads the server's log: run it on a cluster it starts."), "server.log");
        var report = new StringBuilder();
        foreach (var app in apps)
        {
            var database = await cluster.CreateDatabaseAsync(app.Name.ToLowerInvariant());
            var name = new NpgsqlConnectionStringBuilder(database).Database!;
            await AdminAsync(cluster, $"ALTER DATABASE \"{name}\" SET log_min_duration_statement = 0");
            var server = new NpgsqlConnectionStringBuilder(database);
            await using var counter = new RoundTripCounter(server.Host!, server.Port);
            var proxied = new NpgsqlConnectionStringBuilder(database) { Port = counter.Port, Pooling = true }.ToString();

            var start = new FileInfo(log).Length;
            var result = await ProcessRunner.RunAsync(built[app.Name], ["apply", proxied], timeout: TimeSpan.FromMinutes(10));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{app.Name} apply failed:\n{result}");
            }

            var wall = double.Parse(result.Output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal))["RESULT ".Length..], CultureInfo.InvariantCulture);
            var roundTrips = counter.RoundTrips;
            await Task.Delay(500);   // the server's logger writes behind
            var lines = await ReadFromAsync(log, start);
            report.Append(Summarize(app.Name, count, wall, roundTrips, lines));
        }

        Console.WriteLine(report);
        return 0;
    }

    private static string Summarize(string tool, int count, double wall, int roundTrips, IEnumerable<string> lines)
    {
        // "duration: 0.123 ms  parse|bind|execute <unnamed>: SQL" (extended protocol) or "statement: SQL" (simple).
        var byStatement = new Dictionary<string, (int Phases, int Executions, double Milliseconds)>();
        var byPhase = new Dictionary<(string Sql, string Phase), double>();
        string? current = null;
        foreach (var line in lines)
        {
            var match = DurationLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            current = Mask(match.Groups["sql"].Value);
            var (phases, executions, total) = byStatement.GetValueOrDefault(current);
            var phase = match.Groups["phase"].Value;
            var milliseconds = double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture);
            byStatement[current] = (phases + 1, executions + (phase is "execute" or "statement" ? 1 : 0), total + milliseconds);
            byPhase[(current, phase)] = byPhase.GetValueOrDefault((current, phase)) + milliseconds;
        }

        var text = new StringBuilder();
        var serverTotal = byStatement.Values.Sum(v => v.Milliseconds);
        text.AppendLine(CultureInfo.InvariantCulture, $"## {tool}: {count} migrations, {wall:0} ms in the app ({wall / count:0.000} ms each), {roundTrips} round trips ({(double)roundTrips / count:0.00} each), server time logged {serverTotal / count:0.000} ms each");
        text.AppendLine("| statement (numbers masked) | executions per migration | server ms per migration | of which parse / bind / execute |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (sql, value) in byStatement.OrderByDescending(p => p.Value.Milliseconds))
        {
            var phases = string.Join(" / ", new[] { "parse", "bind", "execute" }.Select(p => (byPhase.GetValueOrDefault((sql, p)) / count).ToString("0.000", CultureInfo.InvariantCulture)));
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{Shorten(sql)}` | {(double)value.Executions / count:0.00} | {value.Milliseconds / count:0.000} | {(byPhase.ContainsKey((sql, "statement")) ? "simple query" : phases)} |");
        }

        text.AppendLine();
        return text.ToString();
    }

    private static string Mask(string sql) => Numbers().Replace(sql.ReplaceLineEndings(" ").Trim(), "N");

    private static string Shorten(string sql)
    {
        var single = Spaces().Replace(sql, " ");
        return (single.Length > 110 ? single[..110] + "…" : single).Replace("|", "\\|", StringComparison.Ordinal);
    }

    private static async Task<List<string>> ReadFromAsync(string path, long offset)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        var entry = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            // A statement's continuation lines start with a tab; a new entry starts with the time stamp.
            if (line.StartsWith('\t') && entry.Length > 0)
            {
                entry.Append(' ').Append(line.Trim());
                continue;
            }

            if (entry.Length > 0)
            {
                lines.Add(entry.ToString());
            }

            entry.Clear().Append(line);
        }

        if (entry.Length > 0)
        {
            lines.Add(entry.ToString());
        }

        return lines;
    }

    private static async Task AdminAsync(PostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"duration: (?<ms>[0-9.]+) ms  (?:(?<phase>parse|bind|execute) [^:]*|(?<phase>statement)): (?<sql>.*)$")]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"\b[0-9]+\b|(?<=_)[0-9]+\b|'[0-9a-f]{32}'")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
