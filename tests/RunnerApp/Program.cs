using System;
using MigrationChain;
using MigrationChain.Tests.RunnerApp;

// Usage: RunnerApp sqlite|postgres <connection-string> upgrade [target]|current
// 'upgrade' without a target applies the race chain (race@head). Prints "applied <n>" (or the current revisions) and
// exits 0; prints the error and exits 1 when the runner refuses or a migration fails. The plan made from the first
// read of the version table goes to stderr as "planned <n>".
// With RUNNERAPP_READY and RUNNERAPP_BARRIER set, the process creates the ready file once it is started and loaded,
// then waits for the barrier file before it touches the database, so a test can release several processes together.
if (args.Length < 3 || (args[0] != "sqlite" && args[0] != "postgres"))
{
    Console.Error.WriteLine("usage: RunnerApp sqlite|postgres <connection-string> upgrade [target]|current");
    return 2;
}

var assembly = typeof(LoggedMigration).Assembly;
var options = new MigrationRunnerOptions { Listener = new PlanReporter() };
var runner = args[0] == "sqlite" ? MigrationRunner.ForSqlite(args[1], options, assembly) : MigrationRunner.ForPostgres(args[1], options, assembly);
StartLine.Wait();
try
{
    switch (args[2])
    {
        case "upgrade":
            var result = runner.Upgrade(args.Length > 3 ? args[3] : "race@head");
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
catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
{
    // A lost connection (pg_terminate_backend) surfaces from the driver; crash tests expect an exit, not a hang.
    Console.Error.WriteLine(e.Message);
    return 1;
}
