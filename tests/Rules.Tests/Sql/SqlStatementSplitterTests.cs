using System.Linq;
using MigrationChain.Sql;

namespace MigrationChain.Rules.Tests.Sql;

public class SqlStatementSplitterTests
{
    private static string[] Split(string sql, SqlDialect dialect = SqlDialect.Postgres) =>
        SqlStatementSplitter.Split(sql, dialect).Select(s => s.Text).ToArray();

    [Fact]
    public void SplitsAtSemicolonsAndDropsEmptyStatements()
    {
        Assert.Equal(new[] { "CREATE TABLE a (x int)", "CREATE INDEX i ON a (x)" }, Split("CREATE TABLE a (x int);;\n CREATE INDEX i ON a (x);\n"));
    }

    [Fact]
    public void LastStatementNeedsNoSemicolon()
    {
        Assert.Equal(new[] { "SELECT 1", "SELECT 2" }, Split("SELECT 1; SELECT 2"));
    }

    [Fact]
    public void SemicolonsInStringsCommentsAndDollarQuotesDoNotSplit()
    {
        var sql = "INSERT INTO t VALUES ('a;b'); -- x; y\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; /* ; */";

        Assert.Equal(
            new[] { "INSERT INTO t VALUES ('a;b')", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql" },
            Split(sql));
    }

    [Fact]
    public void CommentOnlyTextHasNoStatements()
    {
        Assert.Empty(Split("-- nothing here\n/* or here */"));
    }

    [Fact]
    public void SqliteTriggerBodyIsOneStatement()
    {
        var sql = """
            CREATE TRIGGER t_audit AFTER UPDATE ON t
            WHEN CASE WHEN new.x > 0 THEN 1 ELSE 0 END
            BEGIN
                INSERT INTO audit VALUES (new.id, CASE WHEN new.x > 1 THEN 'big' ELSE 'small' END);
                UPDATE t SET touched = 1 WHERE id = new.id;
            END;
            SELECT 1;
            """;

        var statements = Split(sql, SqlDialect.Sqlite);

        Assert.Equal(2, statements.Length);
        Assert.EndsWith("END", statements[0]);
        Assert.Equal("SELECT 1", statements[1]);
    }

    [Fact]
    public void PostgresBeginAtomicBodyIsOneStatement()
    {
        var sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; SELECT 3";

        var statements = Split(sql);

        Assert.Equal(2, statements.Length);
        Assert.Equal("SELECT 3", statements[1]);
    }

    [Fact]
    public void CommentsInsideAStatementAreLeftOutOfItsTokensButNotOutOfItsText()
    {
        var sql = "ALTER TABLE t /* why */ ADD COLUMN c int -- note\n; SELECT 1";

        var statements = SqlStatementSplitter.Split(sql, SqlDialect.Postgres);

        Assert.Equal(2, statements.Count);
        Assert.Equal("ALTER TABLE t /* why */ ADD COLUMN c int", statements[0].Text);
        Assert.Equal(new[] { "ALTER", "TABLE", "t", "ADD", "COLUMN", "c", "int" }, statements[0].Tokens.Select(t => t.Text(sql)).ToArray());
    }

    [Fact]
    public void PostgresBeginAtomicWithACommentBetweenIsStillABlock()
    {
        var sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN /* body */ ATOMIC SELECT 1; SELECT 2; END; SELECT 3";

        var statements = Split(sql);

        Assert.Equal(2, statements.Length);
        Assert.EndsWith("END", statements[0]);
        Assert.Equal("SELECT 3", statements[1]);
    }

    [Fact]
    public void PostgresBeginTransactionIsNotABlock()
    {
        Assert.Equal(new[] { "BEGIN", "SELECT 1", "COMMIT" }, Split("BEGIN; SELECT 1; COMMIT;"));
    }

    [Fact]
    public void InteriorCommentsAreKeptLeadingOnesDropped()
    {
        Assert.Equal(new[] { "SELECT /* why */ 1" }, Split("-- first\nSELECT /* why */ 1;"));
    }

    [Fact]
    public void StartsWithMatchesKeywordsInAnyCase()
    {
        var statement = SqlStatementSplitter.Split("start  Transaction", SqlDialect.Postgres).Single();

        Assert.True(statement.StartsWith("START", "TRANSACTION"));
        Assert.False(statement.StartsWith("START", "WORK"));
    }
}
