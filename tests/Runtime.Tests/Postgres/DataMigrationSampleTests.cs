using DataMigration.Migrations;
using MigrationChain.Testing.Support;

namespace MigrationChain.Runtime.Tests.Postgres;

/// <summary>samples/DataMigration against a real database: legacy rows in, one memories table out, and back exactly.</summary>
public class DataMigrationSampleTests(PostgresFixture fixture)
{
    private const string Legacy = "0001_legacy_memory_tables";

    private static readonly string[] LegacyTables = { "memory_items", "memory_entries", "long_term_memory" };

    private static MigrationRunner Runner(PostgresDatabase db) =>
        MigrationRunner.ForPostgres(db.ConnectionString, typeof(M0002_ConsolidateMemories).Assembly);

    [Fact]
    public async Task Consolidation_RunByTheSampleProgram_MakesOneMemoryPerLegacyRowAndArrayElement_AndTheDowngradeRestoresEveryRowExactly()
    {
        await using var db = await PostgresDatabase.CreateDedicatedAsync(fixture, "sample");
        var runner = Runner(db);
        runner.Upgrade(Legacy);
        Seed(db);
        var before = Snapshot(db);

        var program = await ProcessRunner.RunAsync(
            "dotnet", new[] { TestEnvironment.BuiltOutput("samples/DataMigration", "DataMigration.dll"), db.ConnectionString, "upgrade" },
            timeout: TimeSpan.FromMinutes(2));

        Assert.True(program.ExitCode == 0, program.ToString());
        Assert.Contains("now at 0002_consolidate_memories", program.Output);
        Assert.Equal(new[] { "memories", "memories_empty_long_term_sources", "migration_history" }, db.Tables());
        Assert.Equal(1234L, db.Scalar("SELECT count(*) FROM memories WHERE source_table = 'memory_items'"));
        Assert.Equal(700L, db.Scalar("SELECT count(*) FROM memories WHERE source_table = 'memory_entries'"));
        Assert.Equal(ElementCount, db.Scalar("SELECT count(*) FROM memories WHERE source_table = 'long_term_memory'"));
        Assert.Equal(new[] { "acme", "globex", "initech" }, db.Strings("SELECT DISTINCT tenant_id FROM memories ORDER BY 1"));
        Assert.Equal(new[] { "Lives in Lisbon 9" }, db.Strings("SELECT content FROM memories WHERE source_table = 'long_term_memory' AND source_id = 9 AND source_position = 1"));
        Assert.Equal(new[] { "conversation" }, db.Strings("SELECT DISTINCT kind FROM memories WHERE source_table = 'memory_entries' AND source_id % 2 = 0"));

        runner.Downgrade(Legacy);

        Assert.Equal(LegacyTables.Append("migration_history").OrderBy(t => t, StringComparer.Ordinal), db.Tables());
        Assert.Equal(before, Snapshot(db));
        db.Execute("INSERT INTO memory_items (tenant, body) VALUES ('acme', 'after'); INSERT INTO memory_entries (owner_tenant, text) VALUES ('acme', 'after'); INSERT INTO long_term_memory (tenant_id) VALUES ('acme')");
        Assert.Equal(1235L, db.Scalar("SELECT max(id) FROM memory_items"));
    }

    [Fact]
    public async Task LegacyRowThatIsNotAnArray_StopsTheMigrationBeforeAnythingChanges_NamingTheRow()
    {
        await using var db = await PostgresDatabase.CreateDedicatedAsync(fixture, "sample_bad");
        var runner = Runner(db);
        runner.Upgrade(Legacy);
        db.Execute("""
            INSERT INTO memory_items (tenant, body) VALUES ('acme', 'fine');
            INSERT INTO long_term_memory (id, tenant_id, memory_json) VALUES (41, 'acme', '["fine"]'), (42, 'acme', '{"text": "not wrapped"}');
            """);
        var before = Snapshot(db);

        var error = Assert.Throws<MigrationFailedException>(() => runner.UpgradeHead());

        Assert.Equal("0002_consolidate_memories", error.Revision);
        Assert.Contains("long_term_memory row 42", error.Message);
        Assert.Contains("not an array", error.Message);
        Assert.DoesNotContain("memories", db.Tables());
        Assert.Equal(before, Snapshot(db));
        Assert.Equal(new[] { Legacy }, runner.Current());
    }

    // Per six rows: none (NULL, null or []), none ([]), one, two, four, five.
    private const long ElementCount = 600 / 6 * (0 + 0 + 1 + 2 + 4 + 5);

    /// <summary>
    /// 1,234 items, 700 entries (half without a user) and 600 long-term rows, more than one batch each; every
    /// sixth long-term row holds NULL, JSON null or [] instead of elements, the rest strings, objects with and
    /// without text, numbers, nested arrays and non-ASCII text.
    /// </summary>
    private static void Seed(PostgresDatabase db) => db.Execute("""
        INSERT INTO memory_items (tenant, body, created_at)
            SELECT CASE WHEN i % 3 = 0 THEN 'acme' ELSE 'globex' END, 'Item ' || i || ' ☕', timestamptz '2024-01-01' + i * interval '1 minute'
            FROM generate_series(1, 1234) AS i;
        INSERT INTO memory_entries (owner_tenant, owner_user, text, kind, recorded_at)
            SELECT 'initech', CASE WHEN i % 2 = 0 THEN 'user' || i END, 'Entry ' || i, CASE WHEN i % 2 = 0 THEN 'conversation' ELSE 'note' END,
                   timestamptz '2024-02-01' + i * interval '1 second'
            FROM generate_series(1, 700) AS i;
        INSERT INTO long_term_memory (tenant_id, user_id, memory_json, updated_at)
            SELECT CASE WHEN i % 2 = 0 THEN 'globex' ELSE 'acme' END, CASE WHEN i % 5 <> 0 THEN 'u' || i END,
                   CASE i % 6
                       WHEN 0 THEN (ARRAY[NULL, 'null', '[]'])[1 + (i / 6) % 3]::jsonb
                       WHEN 1 THEN jsonb_build_array()
                       WHEN 2 THEN jsonb_build_array('Allergic to peanuts ' || i)
                       WHEN 3 THEN jsonb_build_array('Likes tea ' || i, jsonb_build_object('text', 'Lives in Lisbon ' || i, 'confidence', 0.9))
                       WHEN 4 THEN jsonb_build_array(jsonb_build_object('tag', 'no text'), 42.50, jsonb_build_array(1, 2), 'Ünïcødé ' || i)
                       ELSE jsonb_build_array(true, 'Café ' || i, jsonb_build_object('text', 'Prefers email', 'n', i), 'Two ' || i, 'Three')
                   END,
                   timestamptz '2024-03-01' + i * interval '1 hour'
            FROM generate_series(1, 600) AS i;
        """);

    private static List<string> Snapshot(PostgresDatabase db) =>
        LegacyTables.SelectMany(table => db.Strings($"SELECT '{table} ' || row_to_json(t)::text FROM {table} t ORDER BY 1")).ToList();
}
