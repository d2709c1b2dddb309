using System;
using System.Linq;
using MigrationChain.Benchmarks;

// The runtime's speed targets. See docs/benchmarks.md for the numbers and how they were taken.
//   dotnet run -c Release --project bench/Runtime -- sqlite [validate|at-head|apply|all]
//   dotnet run -c Release --project bench/Runtime -- postgres [migrations=1000] [rounds=3] [calls=500]
//   dotnet run -c Release --project bench/Runtime -- preflight [calls=500]
switch (args.FirstOrDefault())
{
    case "sqlite":
        SqliteBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "preflight":
        await PreflightBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "postgres":
        await PostgresBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    default:
        Console.Error.WriteLine("usage: bench/Runtime sqlite [validate|at-head|apply|all] | postgres [migrations] [rounds] [calls]");
        return 2;
}
