using Microsoft.Data.Sqlite;
using MigrationChain.Testing.Schema;
using MigrationChain.Testing.Support;

namespace MigrationChain.Testing.Tests.Schema;

/// <summary>What the SQLite schema reader sees in the catalog, and what it deliberately does not.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private readonly TempDirectory _folder = new("mc-sqlite-schema");
    private readonly string _connectionString;

    public SqliteSchemaTests()
    {
        _connectionString = _folder.SqliteDatabase();
    }

    [Fact]
    public async Task EveryKindOfObject_IsInTheSnapshot()
    {
        Execute("""
            CREATE TABLE parents (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE) STRICT;
            CREATE TABLE children (
                parent_id INTEGER NOT NULL REFERENCES parents (id) ON DELETE CASCADE,
                position  INTEGER NOT NULL DEFAULT 1 CHECK (position > 0),
                label     TEXT COLLATE NOCASE,
                PRIMARY KEY (parent_id, position)
            ) WITHOUT ROWID;
            CREATE INDEX ix_children_label ON children (lower(label)) WHERE label IS NOT NULL;
            CREATE VIEW parent_codes AS SELECT code FROM parents;
            CREATE TRIGGER parents_touch AFTER UPDATE ON parents BEGIN SELECT 1; END;
            """);

        var snapshot = await ReadAsync();

        Assert.Equal(
            new[]
            {
                "check on \"children\": (position > 0)",
                "column \"children\".\"label\": TEXT NULL",
                "column \"children\".\"parent_id\": INTEGER NOT NULL",
                "column \"children\".\"position\": INTEGER NOT NULL DEFAULT 1",
                "column \"parents\".\"code\": TEXT NOT NULL",
                "column \"parents\".\"id\": INTEGER NULL",
                "foreign key on \"children\" (\"parent_id\") references \"parents\" (\"id\"): ON UPDATE NO ACTION ON DELETE CASCADE",
                "index \"ix_children_label\" on \"children\": (lower (label)) where label is not null",
                "primary key on \"children\": (\"parent_id\", \"position\")",
                "primary key on \"parents\": (\"id\")",
                "table \"children\": WITHOUT ROWID",
                "table \"parents\": STRICT",
                "trigger \"parents_touch\" on \"parents\": create trigger parents_touch after update on parents begin select 1; end",
                "unique constraint on \"parents\" (\"code\")",
                "view \"parent_codes\": select code from parents",
            },
            snapshot.ToString().Split('\n'));
    }

    [Fact]
    public async Task ChangedNullabilityOrDefault_IsOneChangedLine()
    {
        Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT NULL DEFAULT 'a')");
        var before = await ReadAsync();
        Execute("""
            CREATE TABLE t_new (id INTEGER PRIMARY KEY, c TEXT NOT NULL DEFAULT 'b');
            DROP TABLE t;
            ALTER TABLE t_new RENAME TO t;
            """);

        var differences = (await ReadAsync()).DifferencesFrom(before);

        Assert.Equal(new[] { "~ column \"t\".\"c\": TEXT NULL DEFAULT 'a' -> TEXT NOT NULL DEFAULT 'b'" }, differences);
    }

    [Fact]
    public async Task TableRebuiltToTheSameShape_UnderADifferentSpellingAndName_HasNoDifference()
    {
        Execute("""
            CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, CHECK (length(name) > 0));
            CREATE UNIQUE INDEX ux_items_name ON items (name);
            """);
        var before = await ReadAsync();
        Execute("""
            create table "Items_Old" ( ID integer primary key , NAME text not null , check ( LENGTH ( name ) > 0 ) ) ;
            DROP TABLE items;
            ALTER TABLE "Items_Old" RENAME TO items;
            CREATE UNIQUE INDEX ux_items_name ON items ( NAME );
            """);

        var differences = (await ReadAsync()).DifferencesFrom(before);

        Assert.Empty(differences);
    }

    [Fact]
    public async Task VersionTableAndSqliteInternalTables_AreLeftOut()
    {
        Execute("""
            CREATE TABLE migration_history (revision TEXT PRIMARY KEY);
            CREATE TABLE counters (id INTEGER PRIMARY KEY AUTOINCREMENT);
            INSERT INTO counters DEFAULT VALUES;
            ANALYZE;
            """);

        var snapshot = await ReadAsync();

        Assert.Equal(new[] { "column \"counters\".\"id\": INTEGER NULL", "primary key on \"counters\": (\"id\")", "table \"counters\"" }, snapshot.ToString().Split('\n'));
    }

    private Task<SchemaSnapshot> ReadAsync() =>
        new SqliteSchemaReader(_connectionString, "migration_history").ReadAsync(TestContext.Current.CancellationToken);

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
