using System;
using MigrationChain;
using MigrationChain.Tests.RunnerApp;

// Usage: RunnerApp sqlite <connection-string> upgrade|current
// Prints "applied <n>" (or the current revisions) and exits 0; prints the error and exits 1 on failure.
if (args.Length < 3 || args[0] != "sqlite")
{
    Console.Error.WriteLine("usage: RunnerApp sqlite <connection-string> upgrade|current");
    return 2;
}

var runner = MigrationRunner.ForSqlite(args[1], typeof(LoggedMigration).Assembly);
try
{
    switch (args[2])
    {
        case "upgrade":
            var result = runner.UpgradeHead();
            Console.WriteLine($"applied {result.Steps.Count}");
            break;
        case "current":
            Console.WriteLine(string.Join(",", runner.Current()));
            break;
        default:
            Console.Error.WriteLine($"unknown command {args[2]}");
            return 2;
    }

    return 0;
}
catch (MigrationChainException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
