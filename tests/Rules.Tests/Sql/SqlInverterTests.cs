using MigrationChain.Sql;

namespace MigrationChain.Rules.Tests.Sql;

public class SqlInverterTests
{
    [Fact]
    public void CreatesAreUndoneInReverseOrder()
    {
        var inverse = SqlInverter.Invert("CREATE TABLE t (id int); CREATE INDEX ix_t ON t (id); ALTER TABLE t ADD COLUMN a int, ADD b text", SqlDialect.Postgres);

        Assert.Equal(
            new[]
            {
                "ALTER TABLE t DROP COLUMN IF EXISTS b",
                "ALTER TABLE t DROP COLUMN IF EXISTS a",
                "DROP INDEX IF EXISTS ix_t",
                "DROP TABLE IF EXISTS t",
            },
            inverse);
    }

    [Fact]
    public void SqliteDropColumnHasNoIfExists()
    {
        Assert.Equal(new[] { "ALTER TABLE t DROP COLUMN a" }, SqlInverter.Invert("ALTER TABLE t ADD COLUMN a int", SqlDialect.Sqlite));
    }

    [Fact]
    public void PostgresIndexOnQualifiedTable_IsDroppedInThatSchema()
    {
        Assert.Equal(new[] { "DROP INDEX IF EXISTS app.ix", "DROP TABLE IF EXISTS app.t" }, SqlInverter.Invert("CREATE TABLE app.t (x int); CREATE INDEX ix ON app.t (x)", SqlDialect.Postgres));
    }

    [Fact]
    public void NamesKeepTheirQuoting()
    {
        Assert.Equal(new[] { "DROP TABLE IF EXISTS \"My Table\"" }, SqlInverter.Invert("CREATE TABLE \"My Table\" (x int)", SqlDialect.Postgres));
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)")]
    [InlineData("CREATE TABLE t (x int); UPDATE t SET x = 1")]
    [InlineData("DROP TABLE t")]
    [InlineData("ALTER TABLE t ADD COLUMN a int, DROP COLUMN b")]
    [InlineData("ALTER TABLE t RENAME TO u")]
    [InlineData("CREATE INDEX ON t (x)")]
    public void AnythingNotSimplyInvertible_GivesNull(string sql)
    {
        Assert.Null(SqlInverter.Invert(sql, SqlDialect.Postgres));
    }

    [Fact]
    public void EmptyText_HasAnEmptyInverse()
    {
        Assert.Empty(SqlInverter.Invert("  -- nothing\n", SqlDialect.Postgres)!);
    }
}
