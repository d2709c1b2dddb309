using System.Diagnostics;
using System.Globalization;
using MigrationChain.Benchmarks.Peers;
using MigrationChain.Benchmarks.Peers.Apps;
using MigrationChain.Testing.Support;

// MigrationChain against its peers on the same SQL and the same kind of database (docs/benchmarks.md, "Peers"):
//   dotnet run -c Release --project bench/Peers -- sqlite|postgres [migrations=1000] [rounds=5] [starts=10] [noop-calls=50]
//   dotnet run -c Release --project bench/Peers -- postgres-breakdown [migrations=200]   (Breakdown.cs)
//   dotnet run -c Release --project bench/Peers -- start sqlite|postgres [migrations=1000] [rounds=10] [base-tree]   (StartMode.cs)
// A sixth argument "no-fsync" runs PostgreSQL with fsync and synchronous_commit off: commits then wait for no disk,
// so what is left is each tool's own work and round trips (the durable cluster is the default, as a user runs;
// "fsync" keeps it). A seventh, a source tree (e.g. an earlier commit's, exported with git archive), adds
// MigrationChain built from it as "MigrationChainBase", for a before/after pair in the same rounds. On PostgreSQL the
// cluster loads pg_stat_statements, and (a') reports each apply less the server's time in the migrations' own CREATE
// statements (StatementTimes.cs): the disk's file creation, which moves every tool by seconds between rounds, taken out. "--r2r" anywhere adds
// "MigrationChainR2R": the same app with MigrationChain's ReadyToRun images, as a consumer of the packages runs it.
if (args.Length > 0 && args[0] == "start")
{
    return await StartMode.RunAsync(args, FindRepository());
}

if (args.Length > 0 && args[0] == "postgres-breakdown")
{
    return await Breakdown.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200, FindRepository());
}

var readyToRun = args.Contains("--r2r");
args = args.Where(a => a != "--r2r").ToArray();
var dialect = args.Length > 0 && args[0] == "postgres" ? Dialect.Postgres : Dialect.Sqlite;
var count = Argument(1, 1000);
var rounds = Argument(2, 5);
var starts = Argument(3, 10);
var noOpCalls = Argument(4, 50);

var repository = FindRepository();
PeerApp[] apps = dialect == Dialect.Sqlite
    ? [new RawApp(), new RawApp(wal: true), new MigrationChainApp(), new EfCoreApp(), new DbUpApp(), new FluentMigratorApp()]
    : [new RawApp(), new MigrationChainApp(), new EfCoreApp(), new DbUpApp(), new FluentMigratorApp()];
if (args.Length > 6)
{
    apps = [.. apps, new MigrationChainApp("MigrationChainBase", Path.GetFullPath(args[6]))];
}

var built = new Dictionary<string, string>();
foreach (var app in apps)
{
    built[app.Name] = await AppBuilder.BuildAsync(app, dialect, count, repository);
}

if (readyToRun)
{
    apps = [.. apps, new MigrationChainApp("MigrationChainR2R")];
    built["MigrationChainR2R"] = await StartMode.WithReadyToRunImagesAsync(built["MigrationChain"]);
}

var durable = !(args.Length > 5 && args[5] == "no-fsync");
await using var databases = await Databases.StartAsync(dialect, durable);
Console.Error.WriteLine($"{dialect}{(durable ? string.Empty : " (fsync off)")}, {count} migrations, {rounds} rounds, {starts} starts per round, {noOpCalls} no-op calls; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
var results = new Results(apps.Select(a => a.Name).ToList());
for (var round = 0; round < rounds; round++)
{
    // Interleaved: each round starts with a different tool, so drift in the machine's speed spreads over all of them.
    var order = apps.Skip(round % apps.Length).Concat(apps.Take(round % apps.Length)).ToList();
    var atHead = new Dictionary<string, string>();
    foreach (var app in order)
    {
        var database = await databases.FreshAsync(app.Name);
        if (databases.StatementTimes is { } times)
        {
            await times.ResetAsync();
        }

        var apply = await RunForResultAsync(built[app.Name], "apply", database);
        results.Add("apply", app.Name, round, apply);
        if (databases.StatementTimes is { } after)
        {
            // Every tool runs the same 2N statements; a tool that ran fewer would make its own time look shorter.
            var (ddl, statements) = await after.MigrationDdlAsync(database);
            if (statements != 2L * count)
            {
                throw new InvalidOperationException($"{app.Name}: pg_stat_statements counted {statements} of the migrations' {2 * count} CREATE statements");
            }

            results.Add("apply-own", app.Name, round, apply - ddl);
        }

        await databases.RequireTablesAsync(database, count, app.Name);
        atHead[app.Name] = database;
    }

    foreach (var app in order)
    {
        results.Add("noop", app.Name, round, await RunForResultAsync(built[app.Name], "noop", atHead[app.Name], noOpCalls.ToString(CultureInfo.InvariantCulture)));
    }

    var startTimes = apps.ToDictionary(a => a.Name, _ => new List<double>());
    for (var run = 0; run < starts; run++)
    {
        foreach (var app in order.Skip(run % apps.Length).Concat(order.Take(run % apps.Length)))
        {
            var clock = Stopwatch.StartNew();
            await RunAsync(built[app.Name], "start", atHead[app.Name]);
            startTimes[app.Name].Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    foreach (var (name, times) in startTimes)
    {
        results.Add("start", name, round, Results.Median(times));
    }

    foreach (var app in apps)
    {
        await databases.RequireTablesAsync(atHead[app.Name], count, app.Name);
    }

    Console.Error.WriteLine($"round {round + 1}: " + results.RoundSummary(round));
}

Console.WriteLine(results.Table(dialect, count, rounds, starts, noOpCalls));
return 0;

int Argument(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

static string FindRepository()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Analyzers.sln")))
        {
            return folder.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository: Analyzers.sln was not found above " + AppContext.BaseDirectory);
}

static async Task<ProcessResult> RunAsync(string executable, params string[] arguments)
{
    var result = await ProcessRunner.RunAsync(executable, arguments, timeout: TimeSpan.FromMinutes(10));
    if (result.ExitCode != 0)
    {
        throw new InvalidOperationException($"{Path.GetFileName(executable)} {arguments[0]} failed:\n{result}");
    }

    return result;
}

static async Task<double> RunForResultAsync(string executable, params string[] arguments)
{
    var result = await RunAsync(executable, arguments);
    var line = result.Output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
    return double.Parse(line["RESULT ".Length..], CultureInfo.InvariantCulture);
}
