using MigrationChain.Sql;

namespace MigrationChain.Rules.Tests.Sql;

public class SqlCanonicalFormTests
{
    [Fact]
    public void LayoutAndCommentsDoNotMatter()
    {
        var a = SqlCanonicalForm.Of("CREATE TABLE t (\n    id int -- key\n);", SqlDialect.Postgres);
        var b = SqlCanonicalForm.Of("create   TABLE t(id int) /* x */ ;", SqlDialect.Postgres);

        Assert.Equal("CREATE TABLE t ( id int ) ;", a);
        Assert.Equal(a.ToUpperInvariant(), b.ToUpperInvariant());
    }

    [Fact]
    public void TextInsideQuotesIsKeptExactly()
    {
        Assert.NotEqual(SqlCanonicalForm.Of("SELECT 'a  b'", SqlDialect.Postgres), SqlCanonicalForm.Of("SELECT 'a b'", SqlDialect.Postgres));
        Assert.Equal("SELECT '-- not a comment'", SqlCanonicalForm.Of("SELECT   '-- not a comment'", SqlDialect.Postgres));
    }

    [Fact]
    public void SeparateWordsStaySeparate()
    {
        Assert.NotEqual(SqlCanonicalForm.Of("a b", SqlDialect.Postgres), SqlCanonicalForm.Of("ab", SqlDialect.Postgres));
    }
}
