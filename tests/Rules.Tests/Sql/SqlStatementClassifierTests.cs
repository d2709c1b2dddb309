using System.Linq;
using MigrationChain.Sql;

namespace MigrationChain.Rules.Tests.Sql;

public class SqlStatementClassifierTests
{
    private static ClassifiedStatement One(string sql, SqlDialect dialect = SqlDialect.Postgres) =>
        Assert.Single(SqlStatementClassifier.ClassifyAll(sql, dialect));

    [Theory]
    [InlineData("CREATE TABLE t (id int)", "t")]
    [InlineData("create temp table T (id int)", "t")]
    [InlineData("CREATE UNLOGGED TABLE s.t (id int)", "s.t")]
    [InlineData("CREATE GLOBAL TEMPORARY TABLE t (id int)", "t")]
    [InlineData("CREATE VIRTUAL TABLE t USING fts5(body)", "t")]
    [InlineData("CREATE TABLE public.\"T\" AS SELECT 1", "t")]
    public void CreateTable_NamesItsTable(string sql, string key)
    {
        var statement = One(sql);

        Assert.Equal(SqlStatementKind.CreateTable, statement.Kind);
        Assert.Equal(key, statement.Table!.Key);
        Assert.False(statement.HasExistenceClause);
    }

    [Fact]
    public void CreateTableIfNotExists_HasTheClause()
    {
        var statement = One("CREATE TABLE IF NOT EXISTS t (id int)");

        Assert.True(statement.HasExistenceClause);
        Assert.Equal("t", statement.Table!.Text);
    }

    [Fact]
    public void CreateIndex_NamesIndexAndTable()
    {
        var statement = One("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_t ON ONLY s.t (x)");

        Assert.Equal(SqlStatementKind.CreateIndex, statement.Kind);
        Assert.Equal("ix_t", statement.Index!.Text);
        Assert.Equal("s.t", statement.Table!.Text);
        Assert.True(statement.HasExistenceClause);
    }

    [Fact]
    public void CreateIndexWithoutName_IsStillAnIndexOnItsTable()
    {
        var statement = One("CREATE INDEX ON t (x)");

        Assert.Equal(SqlStatementKind.CreateIndex, statement.Kind);
        Assert.Null(statement.Index);
        Assert.Equal("t", statement.Table!.Key);
    }

    [Fact]
    public void DropTable_ListsEveryNameAndWhereIfExistsGoes()
    {
        const string sql = "DROP TABLE a, \"B\" CASCADE";
        var statement = One(sql);

        Assert.Equal(SqlStatementKind.DropTable, statement.Kind);
        Assert.Equal(new[] { "a", "b" }, statement.Dropped.Select(n => n.Key));
        Assert.False(statement.HasExistenceClause);
        Assert.Equal("DROP TABLE", sql.Substring(0, statement.ExistenceClauseOffset));
    }

    [Fact]
    public void DropIndexConcurrently_PutsIfExistsAfterConcurrently()
    {
        const string sql = "DROP INDEX CONCURRENTLY ix";
        var statement = One(sql);

        Assert.Equal(SqlStatementKind.DropIndex, statement.Kind);
        Assert.Equal("DROP INDEX CONCURRENTLY", sql.Substring(0, statement.ExistenceClauseOffset));
    }

    [Fact]
    public void DropIfExists_HasTheClause()
    {
        Assert.True(One("DROP TABLE IF EXISTS t").HasExistenceClause);
        Assert.True(One("drop index if exists ix").HasExistenceClause);
    }

    [Fact]
    public void DropOfSomethingElse_IsOther()
    {
        Assert.Equal(SqlStatementKind.Other, One("DROP VIEW v").Kind);
        Assert.Equal(SqlStatementKind.Other, One("DROP TABLE").Kind);
    }

    [Fact]
    public void AlterTable_ReadsEveryAction()
    {
        var statement = One("ALTER TABLE ONLY t ADD COLUMN a int DEFAULT f(1, 2), DROP COLUMN IF EXISTS b, ALTER COLUMN c TYPE text, ADD CONSTRAINT k CHECK (a > 0), RENAME COLUMN d TO e");

        Assert.Equal(SqlStatementKind.AlterTable, statement.Kind);
        Assert.Equal("t", statement.Table!.Key);
        Assert.Equal(
            new[] { AlterTableActionKind.AddColumn, AlterTableActionKind.DropColumn, AlterTableActionKind.AlterColumn, AlterTableActionKind.Other, AlterTableActionKind.RenameColumn },
            statement.Actions.Select(a => a.Kind));
        Assert.Equal("a", statement.Actions[0].Column!.Text);
        Assert.False(statement.Actions[0].HasExistenceClause);
        Assert.True(statement.Actions[1].HasExistenceClause);
        Assert.Equal("e", statement.Actions[4].NewName!.Text);
    }

    [Fact]
    public void AlterTableIfExists_HasTheClauseAndItsOffset()
    {
        const string sql = "ALTER TABLE IF EXISTS embeddings ALTER COLUMN vec TYPE vector(1536)";
        var statement = One(sql);

        Assert.True(statement.HasExistenceClause);
        Assert.Equal("ALTER TABLE", sql.Substring(0, statement.ExistenceClauseOffset));
    }

    [Theory]
    [InlineData("ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t ADD COLUMN")]
    [InlineData("ALTER TABLE t ADD c int", "ALTER TABLE t ADD")]
    [InlineData("alter table t add column if not exists c int", null)]
    public void AddColumn_KnowsWhereIfNotExistsGoes(string sql, string? prefix)
    {
        var action = Assert.Single(One(sql).Actions);

        Assert.Equal(AlterTableActionKind.AddColumn, action.Kind);
        Assert.Equal("c", action.Column!.Text);
        Assert.Equal(prefix is null, action.HasExistenceClause);
        if (prefix is not null)
        {
            Assert.Equal(prefix, sql.Substring(0, action.ExistenceClauseOffset));
        }
    }

    [Fact]
    public void RenameTo_IsATableRename()
    {
        var action = Assert.Single(One("ALTER TABLE a RENAME TO b", SqlDialect.Sqlite).Actions);

        Assert.Equal(AlterTableActionKind.RenameTable, action.Kind);
        Assert.Equal("b", action.NewName!.Key);
    }

    [Fact]
    public void NamesInsideStringsAndCommentsAreNotCode()
    {
        var statements = SqlStatementClassifier.ClassifyAll("-- ALTER TABLE x ADD y int\nINSERT INTO t VALUES ('ALTER TABLE z'); /* DROP TABLE q */", SqlDialect.Postgres);

        Assert.Equal(SqlStatementKind.Other, Assert.Single(statements).Kind);
    }

    [Fact]
    public void DollarQuotedBodiesAreNotRead()
    {
        var statements = SqlStatementClassifier.ClassifyAll("DO $$ BEGIN ALTER TABLE x ADD y int; END $$; ALTER TABLE t ADD c int", SqlDialect.Postgres);

        Assert.Equal(new[] { SqlStatementKind.Other, SqlStatementKind.AlterTable }, statements.Select(s => s.Kind));
        Assert.Equal("t", statements[1].Table!.Key);
    }

    [Fact]
    public void SqliteQuotedNamesAndTheMainSchemaAreTheSameTable()
    {
        var keys = SqlStatementClassifier.ClassifyAll("CREATE TABLE [My Table] (x); ALTER TABLE main.`my table` ADD y; DROP TABLE \"MY TABLE\"", SqlDialect.Sqlite)
            .Select(s => s.Table!.Key);

        Assert.All(keys, k => Assert.Equal("my table", k));
    }

    [Fact]
    public void PlainNames_UseTheSameKeysAsSqlNames()
    {
        Assert.Equal("t", SqlName.FromPlain("public.T", SqlDialect.Postgres)!.Key);
        Assert.Equal("s.t", SqlName.FromPlain("s.t", SqlDialect.Postgres)!.Key);
        Assert.Null(SqlName.FromPlain("  ", SqlDialect.Postgres));
    }

    [Fact]
    public void QualifiedNames_KnowTheirQualifier()
    {
        var statement = One("CREATE TABLE \"s\".t (x int)");

        Assert.Equal("\"s\"", statement.Table!.Qualifier);
        Assert.Equal("s.t", statement.Table.Plain);
    }

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("CREATE VIEW v AS SELECT 1")]
    [InlineData("CREATE UNIQUE TABLE t (x int)")]
    [InlineData("ALTER INDEX ix RENAME TO iy")]
    [InlineData("ALTER TABLE")]
    [InlineData("CREATE INDEX ix")]
    public void AnythingElse_IsOther(string sql)
    {
        Assert.Equal(SqlStatementKind.Other, One(sql).Kind);
    }

    [Fact]
    public void RandomTextNeverThrows()
    {
        var random = new System.Random(4321);
        var words = new[] { "CREATE", "DROP", "ALTER", "TABLE", "INDEX", "IF", "NOT", "EXISTS", "ADD", "COLUMN", "RENAME", "TO", "ON", "ONLY", "t", "\"q\"", ".", ",", "(", ")", ";", "'s'", "$$", "--", "/*", "*", "CONCURRENTLY", "UNIQUE" };
        for (var i = 0; i < 20_000; i++)
        {
            var sql = string.Join(" ", Enumerable.Range(0, random.Next(0, 12)).Select(_ => words[random.Next(words.Length)]));
            foreach (var dialect in new[] { SqlDialect.Postgres, SqlDialect.Sqlite })
            {
                foreach (var statement in SqlStatementClassifier.ClassifyAll(sql, dialect))
                {
                    Assert.InRange(statement.ExistenceClauseOffset, -1, sql.Length);
                }

                SqlInverter.Invert(sql, dialect);
                SqlCanonicalForm.Of(sql, dialect);
            }
        }
    }
}
