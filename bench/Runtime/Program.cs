using System;
using System.Linq;
using MigrationChain.Benchmarks;

// The runtime's speed targets. See docs/benchmarks.md for the numbers and how they were taken.
//   dotnet run -c Release --project bench/Runtime -- sqlite [validate|at-head|apply|new-runner|all]
//   dotnet run -c Release --project bench/Runtime -- postgres [migrations=1000] [rounds=3] [calls=500]
//   dotnet run -c Release --project bench/Runtime -- sqlite-modes|postgres-modes [migrations=1000] [rounds=5]
//   dotnet run -c Release --project bench/Runtime -- preflight [calls=500]
//   dotnet run -c Release --project bench/Runtime -- at-head-scale sqlite|postgres [calls=301]
//   dotnet run -c Release --project bench/Runtime -- discover [migrations=10000] [manifest|string|scan|phases|paired] [jit]
switch (args.FirstOrDefault())
{
    case "sqlite":
        SqliteBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "sqlite-modes":
        TransactionModeBenchmark.RunSqlite(Number(1, 1000), Number(2, 5));
        return 0;
    case "postgres-modes":
        await TransactionModeBenchmark.RunPostgresAsync(Number(1, 1000), Number(2, 5));
        return 0;
    case "discover":
        DiscoveryBenchmark.Run(Number(1, 10_000), args.Length > 2 ? args[2] : "manifest", args.Contains("jit"));
        return 0;
    case "at-head-scale":
        await AtHeadScaleBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "preflight":
        await PreflightBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "postgres":
        await PostgresBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    default:
        Console.Error.WriteLine("usage: bench/Runtime sqlite [validate|at-head|apply|new-runner|all] | postgres [migrations] [rounds] [calls] | sqlite-modes|postgres-modes [migrations] [rounds]");
        return 2;
}

int Number(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
