using System;
using System.Collections.Generic;
using System.Linq;
using MigrationChain;
using Npgsql;

// Consolidates three legacy memory tables into one `memories` table on PostgreSQL, and back.
//
//   dotnet run --project samples/DataMigration -- "<connection string>" [seed | upgrade | downgrade <target> | status]
//
// The connection string can also come from MIGRATIONCHAIN_SAMPLE_POSTGRES. 'seed' creates the legacy tables (0001) and
// fills them with a few rows to try the rest on; 'upgrade' (the default) consolidates; 'downgrade 0001' restores them.
const string EnvironmentVariable = "MIGRATIONCHAIN_SAMPLE_POSTGRES";
var arguments = new Queue<string>(args);
var connectionString = arguments.Count > 0 && arguments.Peek().Contains('=', StringComparison.Ordinal)
    ? arguments.Dequeue()
    : Environment.GetEnvironmentVariable(EnvironmentVariable);
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine($"Give a PostgreSQL connection string as the first argument or in {EnvironmentVariable}.");
    return 2;
}

var command = arguments.Count > 0 ? arguments.Dequeue() : "upgrade";
var runner = MigrationRunner.ForPostgres(connectionString, new MigrationRunnerOptions { Listener = new ConsoleListener() }, typeof(Program).Assembly);
try
{
    switch (command)
    {
        case "seed":
            runner.Upgrade("0001_legacy_memory_tables");
            Seed(connectionString);
            break;
        case "upgrade":
            Report(runner.UpgradeHead());
            break;
        case "downgrade" when arguments.Count > 0:
            Report(runner.Downgrade(arguments.Dequeue()));
            break;
        case "status":
            break;
        default:
            Console.Error.WriteLine("Commands: seed, upgrade, downgrade <target>, status.");
            return 2;
    }

    Status(runner, connectionString);
    return 0;
}
catch (MigrationChainException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

static void Report(MigrationResult result) => Console.WriteLine(result.WasUpToDate
    ? $"Nothing to do: at {string.Join(", ", result.Current.DefaultIfEmpty("base"))}."
    : $"{result.Operation} of {result.Steps.Count} migration(s); now at {string.Join(", ", result.Current.DefaultIfEmpty("base"))}.");

static void Seed(string connectionString)
{
    using var connection = new NpgsqlConnection(connectionString);
    connection.Open();
    using var seed = new NpgsqlCommand("""
        INSERT INTO memory_items (tenant, body) SELECT 'acme', 'Prefers morning meetings' WHERE NOT EXISTS (SELECT 1 FROM memory_items);
        INSERT INTO memory_entries (owner_tenant, owner_user, text, kind) SELECT 'acme', 'ana', 'Asked about invoices', 'conversation' WHERE NOT EXISTS (SELECT 1 FROM memory_entries);
        INSERT INTO long_term_memory (tenant_id, user_id, memory_json)
            SELECT 'globex', 'bo', '["Allergic to peanuts", {"text": "Lives in Lisbon", "confidence": 0.9}]' WHERE NOT EXISTS (SELECT 1 FROM long_term_memory);
        """, connection);
    seed.ExecuteNonQuery();
    Console.WriteLine("Seeded the legacy tables.");
}

static void Status(MigrationRunner runner, string connectionString)
{
    Console.WriteLine($"Current: {string.Join(", ", runner.Current().DefaultIfEmpty("base"))}");
    using var connection = new NpgsqlConnection(connectionString);
    connection.Open();
    using var counts = new NpgsqlCommand("""
        SELECT c.relname, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', c.relname), false, true, '')))[1]::text
        FROM pg_class c
        WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
          AND c.relname IN ('memory_items', 'memory_entries', 'long_term_memory', 'memories')
        ORDER BY c.relname
        """, connection);
    using var reader = counts.ExecuteReader();
    while (reader.Read())
    {
        Console.WriteLine($"  {reader.GetString(0),-18} {reader.GetString(1)} row(s)");
    }
}

/// <summary>Prints each step as the runner takes it.</summary>
internal sealed class ConsoleListener : MigrationListener
{
    public override void OnStepStarting(MigrationStep migrationStep) =>
        Console.Write($"  {migrationStep.Direction.ToString().ToLowerInvariant()} {migrationStep.Revision} ... ");

    public override void OnStepCompleted(MigrationStep migrationStep) =>
        Console.WriteLine($"done in {migrationStep.Duration.TotalMilliseconds:0.0} ms");

    public override void OnStepFailed(MigrationStep migrationStep, Exception exception) => Console.WriteLine("FAILED");

    public override void OnWaitingForLock(string? holder) => Console.WriteLine($"  waiting for the migration lock ({holder ?? "another runner"}) ...");
}
