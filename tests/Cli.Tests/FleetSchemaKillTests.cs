using MigrationChain.Cli.Tests.Infrastructure;
using MigrationChain.Testing.Support;
using Npgsql;

namespace MigrationChain.Cli.Tests;

/// <summary>
/// The schema-per-tenant form of <see cref="FleetKillTests"/>, on the real cluster: kill -9 of the tool at random
/// moments while it migrates tenant schemas of one database leaves every schema at its old revision or a newer one
/// with exactly the migrations it records, and the same command run again brings every schema to head without
/// applying any migration twice.
/// </summary>
public class FleetSchemaKillTests(PostgresFixture postgres)
{
    private static readonly string[] Chain = { "l0001_log", "l0002_first", "l0003_second", "l0004_third", "l0005_fourth" };

    [Fact]
    public async Task KilledAtRandomMomentsMidSchemaFleet_EverySchemaIsConsistent_AndARerunCompletesTheRest()
    {
        using var folder = new TempDirectory("mc-schema-kill");
        var connectionString = await postgres.CreateDatabaseAsync("schemakill");
        var schemas = Enumerable.Range(0, 24).Select(i => $"tenant_{i:00}").ToList();
        Execute(connectionString, string.Join("; ", schemas.Select(s => $"CREATE SCHEMA {s}")));
        string[] command = { Mchain.ToolPath, "upgrade", "--database", PostgresUrl.From(connectionString), "--schemas", "tenant_%", "--parallel", "4", "--assembly", Assets.Logged };
        var environment = Mchain.Environment(new Dictionary<string, string?> { ["LOGGED_PAUSE_MS"] = "25" });

        var seed = await FleetKiller.KillAtRandomMomentsAsync(command, folder.Path, environment, schemas.Count,
            s => Assert.All(schemas, schema => AssertConsistent(connectionString, schema, s)),
            () => schemas.Count(schema => Recorded(connectionString, schema).Count == Chain.Length));

        var rerun = await Mchain.RunAsync(folder.Path, environment, command.Skip(1).ToArray());

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.All(schemas, s =>
        {
            AssertConsistent(connectionString, s, seed);
            Assert.Equal(Chain, Recorded(connectionString, s));
        });
        Assert.Empty(Strings(connectionString, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'"));
    }

    /// <summary>
    /// What a schema records is a prefix of the chain, every row applied, and its log holds each recorded migration
    /// exactly once and nothing else: no migration half applied, none applied twice.
    /// </summary>
    private static void AssertConsistent(string connectionString, string schema, int seed)
    {
        var recorded = Recorded(connectionString, schema);
        Assert.True(Chain.Take(recorded.Count).SequenceEqual(recorded), $"{schema} records {string.Join(", ", recorded)} (seed {seed})");
        var tables = Strings(connectionString, $"SELECT tablename::text FROM pg_tables WHERE schemaname = '{schema}'");
        if (recorded.Count == 0)
        {
            Assert.DoesNotContain("applied_log", tables);
            return;
        }

        Assert.All(Strings(connectionString, $"SELECT state FROM {schema}.migration_history"), state => Assert.Equal("applied", state));
        Assert.Equal(recorded.Skip(1), Strings(connectionString, $"SELECT revision FROM {schema}.applied_log ORDER BY revision"));
        Assert.All(Chain.Skip(1), revision => Assert.Equal(recorded.Contains(revision), tables.Contains(revision)));
    }

    private static List<string> Recorded(string connectionString, string schema) =>
        Strings(connectionString, $"SELECT to_regclass('{schema}.migration_history')::text").FirstOrDefault() is null
            ? new List<string>()
            : Strings(connectionString, $"SELECT revision FROM {schema}.migration_history ORDER BY revision");

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static List<string> Strings(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            if (!reader.IsDBNull(0))
            {
                values.Add(reader.GetString(0));
            }
        }

        return values;
    }
}
