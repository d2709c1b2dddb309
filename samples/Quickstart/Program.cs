using System;
using System.IO;
using MigrationChain;

// The main job: migrate an embedded SQLite database to head, say what happened, and show the history.
// Run it twice: the second run finds the database already at head.
var path = Path.GetFullPath(args.Length > 0 ? args[0] : "quickstart.db");
Console.WriteLine($"Database: {path}");

var runner = MigrationRunner.ForSqlite(
    $"Data Source={path}",
    new MigrationRunnerOptions { Listener = new ConsoleListener() },
    typeof(Program).Assembly);

var result = runner.UpgradeHead();
Console.WriteLine(result.WasUpToDate
    ? $"Already at head ({string.Join(", ", result.Current)}): nothing to do."
    : $"Applied {result.Steps.Count} migration(s); now at {string.Join(", ", result.Current)}.");

Console.WriteLine();
Console.WriteLine("History:");
foreach (var revision in runner.History())
{
    var when = revision.AppliedAt is { } at ? $"applied {at:yyyy-MM-dd HH:mm:ss}Z in {revision.Duration!.Value.TotalMilliseconds:0.0} ms" : "pending";
    Console.WriteLine($"  {(revision.IsApplied ? "[x]" : "[ ]")} {revision.Revision,-40} {when}{(revision.IsHead ? "  (head)" : string.Empty)}");
}

/// <summary>Prints each step as the runner takes it.</summary>
internal sealed class ConsoleListener : MigrationListener
{
    public override void OnStepStarting(MigrationStep migrationStep) =>
        Console.Write($"  {migrationStep.Direction.ToString().ToLowerInvariant()} {migrationStep.Revision} ... ");

    public override void OnStepCompleted(MigrationStep migrationStep) =>
        Console.WriteLine($"done in {migrationStep.Duration.TotalMilliseconds:0.0} ms");

    public override void OnStepFailed(MigrationStep migrationStep, Exception exception) => Console.WriteLine("FAILED");

    public override void OnWarning(string message) => Console.WriteLine($"  warning: {message}");
}
