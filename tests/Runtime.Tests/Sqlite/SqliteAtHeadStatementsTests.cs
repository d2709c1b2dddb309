using MigrationChain.Discovery;
using MigrationChain.Sqlite;
using SQLitePCL;
using static MigrationChain.Runtime.Tests.DriftChain;

namespace MigrationChain.Runtime.Tests.Sqlite;

/// <summary>
/// What a SQLite no-op sends, statement by statement (SQLite's own trace): a connection that remembers nothing (every
/// connection of a starting process) compares at once, with the memo's counters read in the same statement; the
/// next no-op on it reads the counters alone; once another connection commits, it compares again.
/// </summary>
public class SqliteAtHeadStatementsTests
{
    private static readonly MigrationCatalog Catalog = MigrationCatalog.FromTypes(typeof(Migrations).GetNestedTypes());

    [Fact]
    public void AFreshConnection_ComparesInOneStatement_ThenRemembersWhatItRead()
    {
        using var db = new SqliteDatabase();
        db.Runner(typeof(Migrations)).UpgradeHead();
        using var connection = db.Open();
        var statements = new List<string>();
        // Statements the application sent; not those SQLite runs inside them for a pragma function ("-- PRAGMA ...").
        raw.sqlite3_trace(connection.Handle, (_, sql) =>
        {
            var text = sql.utf8_to_string();
            if (!text.StartsWith("--", StringComparison.Ordinal))
            {
                statements.Add(text);
            }
        }, null);
        var session = new SqliteSession(new SqliteProvider(db.ConnectionString, new MigrationRunnerOptions()), connection);

        Assert.True(session.IsAtHead(Catalog.AtHead));
        var first = Assert.Single(statements);
        Assert.Contains("group_concat", first, StringComparison.Ordinal);
        Assert.Contains("pragma_data_version", first, StringComparison.Ordinal);

        statements.Clear();
        Assert.True(session.IsAtHead(Catalog.AtHead));
        var second = Assert.Single(statements);
        Assert.DoesNotContain("group_concat", second, StringComparison.Ordinal);

        statements.Clear();
        db.Execute($"UPDATE migration_history SET checksum = NULL WHERE revision = '{AuditRevision}'");
        Assert.False(session.IsAtHead(Catalog.AtHead));
        Assert.Equal(2, statements.Count);
        Assert.Contains("group_concat", statements[1], StringComparison.Ordinal);
    }

    [Fact]
    public void AFreshConnection_WithNoVersionTable_IsNotAtHead_AndRemembersNothing()
    {
        using var db = new SqliteDatabase();
        db.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        using var connection = db.Open();
        var provider = new SqliteProvider(db.ConnectionString, new MigrationRunnerOptions());
        var session = new SqliteSession(provider, connection);

        Assert.False(session.IsAtHead(Catalog.AtHead));
        Assert.False(SqliteAtHeadMemo.Remembers(connection, provider.VersionTable, Catalog.AtHead));
    }
}
