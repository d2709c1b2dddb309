using MigrationChain.Testing.Support;
using Npgsql;
using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>Noticing drift costs no query: at head, UpgradeHead stays one round trip with drift to report, and on an old-shape table.</summary>
public class PostgresDriftRoundTripTests(PostgresFixture fixture)
{
    [Fact]
    public async Task UpgradeHead_AtHead_WithEditedAndMisparentedRows_IsStillOneRoundTrip()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var warnings = new List<string>();
        var (runner, counter, connectionString) = await CountedRunnerAsync(db, new Warnings(warnings));
        await using var _ = counter;
        runner.UpgradeHead();
        db.Execute($"UPDATE migration_history SET checksum = '00000000000000000000000000000000' WHERE revision = '{AuditRevision}'");
        db.Execute($"UPDATE migration_history SET parents = '' WHERE revision = '{OrdersRevision}'");
        runner.UpgradeHead();
        warnings.Clear();

        counter.Reset();
        var result = runner.UpgradeHead();

        Assert.True(result.WasUpToDate);
        Assert.Equal(1, counter.RoundTrips);
        Assert.Equal(2, warnings.Count);
        Assert.Equal(new[] { DriftKind.Edited, DriftKind.WrongParents }, result.Drift.Select(d => d.Kind));
        ClearPool(connectionString);
    }

    [Fact]
    public async Task UpgradeHead_AtHead_OnAnOldShapeTable_IsOneRoundTrip_AndChangesNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(fixture);
        var (runner, counter, connectionString) = await CountedRunnerAsync(db, listener: null);
        await using var _ = counter;
        runner.UpgradeHead();
        db.Execute("ALTER TABLE migration_history DROP COLUMN recorded_by");
        runner.UpgradeHead();

        counter.Reset();
        var result = runner.UpgradeHead();

        Assert.True(result.WasUpToDate);
        Assert.Equal(1, counter.RoundTrips);
        Assert.False(db.HasColumn("migration_history", "recorded_by"));
        ClearPool(connectionString);
    }

    private static Task<(MigrationRunner Runner, RoundTripCounter Counter, string ConnectionString)> CountedRunnerAsync(PostgresDatabase db, MigrationListener? listener)
    {
        var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var counter = new RoundTripCounter(builder.Host!, builder.Port);
        builder.Port = counter.Port;
        builder.ApplicationName = "drift-round-trip-" + db.SchemaName;
        var runner = MigrationRunner.ForPostgresTypes(builder.ConnectionString, new MigrationRunnerOptions { Listener = listener }, typeof(Migrations).GetNestedTypes());
        return Task.FromResult((runner, counter, builder.ConnectionString));
    }

    private static void ClearPool(string connectionString)
    {
        using var pooled = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(pooled);
    }

    private sealed class Warnings(List<string> messages) : MigrationListener
    {
        public override void OnWarning(string message) => messages.Add(message);
    }
}
