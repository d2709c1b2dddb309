using System.Globalization;
using MigrationChain.Fleet.Benchmarks;

// Fleet benchmarks of mchain, one per argument. Usage:
//   dotnet run -c Release --project bench/Fleet -- sqlite [--sizes 1000,10000] [--runs 3] [--parallel 2]
//   dotnet run -c Release --project bench/Fleet -- postgres [--schemas 1000] [--databases 200] [--parallel 1,8]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
var tool = Path.Combine(repository, "src", "Cli", "bin", configuration, "net8.0", "mchain.dll");

switch (args.FirstOrDefault())
{
    case "sqlite":
        SqliteFleetBenchmark.Run(
            tool,
            Option("--sizes", "1000,10000").Split(',').Select(int.Parse).ToList(),
            int.Parse(Option("--runs", "3")),
            int.Parse(Option("--parallel", "2")));
        return 0;
    case "postgres":
        await PostgresFleetBenchmark.RunAsync(
            tool,
            Path.Combine(repository, "bench", "Fleet", "PostgresTenants", "bin", configuration, "net8.0", "MigrationChain.Fleet.PostgresTenants.dll"),
            int.Parse(Option("--schemas", "1000")),
            int.Parse(Option("--databases", "200")),
            Option("--parallel", "1,8").Split(',').Select(int.Parse).ToList());
        return 0;
    default:
        Console.Error.WriteLine("Say which benchmark: sqlite or postgres.");
        return 2;
}
