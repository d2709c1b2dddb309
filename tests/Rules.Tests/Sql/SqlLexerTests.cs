using System.Linq;
using MigrationChain.Sql;

namespace MigrationChain.Rules.Tests.Sql;

public class SqlLexerTests
{
    private static string[] Kinds(string sql, SqlDialect dialect = SqlDialect.Postgres) =>
        SqlLexer.Tokenize(sql, dialect).Select(t => $"{t.Kind}:{t.Text(sql)}").ToArray();

    [Fact]
    public void WordsPunctuationAndNumbers()
    {
        Assert.Equal(
            new[] { "Word:ALTER", "Word:TABLE", "Word:s", "Dot:.", "Word:t", "Word:ADD", "Word:x", "Word:int", "Word:DEFAULT", "Number:1.5e3", "Semicolon:;" },
            Kinds("ALTER TABLE s.t ADD x int DEFAULT 1.5e3;"));
    }

    [Fact]
    public void LineAndNestedBlockComments()
    {
        var sql = "a -- b ; c\n/* x /* nested ; */ still comment */ d";

        Assert.Equal(new[] { "Word:a", "Comment:-- b ; c", "Comment:/* x /* nested ; */ still comment */", "Word:d" }, Kinds(sql));
    }

    [Fact]
    public void SqliteBlockCommentsDoNotNest()
    {
        var sql = "/* a /* b */ c";

        Assert.Equal(new[] { "Comment:/* a /* b */", "Word:c" }, Kinds(sql, SqlDialect.Sqlite));
    }

    [Fact]
    public void StringsWithDoubledQuotes()
    {
        Assert.Equal(new[] { "String:'it''s; fine'", "Word:x" }, Kinds("'it''s; fine' x"));
    }

    [Fact]
    public void EscapeStringsHonourBackslash()
    {
        Assert.Equal(new[] { @"String:E'a\'b;c'", "Word:x" }, Kinds(@"E'a\'b;c' x"));
    }

    [Fact]
    public void PlainStringsDoNotHonourBackslash()
    {
        Assert.Equal(new[] { @"String:'a\'", "Word:b" }, Kinds(@"'a\' b"));
    }

    [Fact]
    public void DollarQuotingWithAndWithoutTags()
    {
        Assert.Equal(
            new[] { "Word:DO", "DollarString:$$ BEGIN; END $$", "Semicolon:;", "DollarString:$fn$ a $$ b $fn$" },
            Kinds("DO $$ BEGIN; END $$; $fn$ a $$ b $fn$"));
    }

    [Fact]
    public void PositionalParameterIsNotADollarQuote()
    {
        Assert.Equal(new[] { "Word:x", "Operator:=", "Parameter:$1" }, Kinds("x = $1"));
    }

    [Fact]
    public void IdentifierWithDollarIsOneWord()
    {
        Assert.Equal(new[] { "Word:a$b$", "Word:c" }, Kinds("a$b$ c"));
    }

    [Fact]
    public void QuotedIdentifiers()
    {
        Assert.Equal(new[] { "QuotedIdentifier:\"My \"\"Table\"\"\"", "Dot:.", "QuotedIdentifier:\"x;y\"" }, Kinds("\"My \"\"Table\"\"\".\"x;y\""));
    }

    [Fact]
    public void SqliteBracketAndBacktickIdentifiers()
    {
        Assert.Equal(new[] { "QuotedIdentifier:[a;b]", "QuotedIdentifier:`c;d`" }, Kinds("[a;b] `c;d`", SqlDialect.Sqlite));
    }

    [Fact]
    public void CastOperatorIsOneToken()
    {
        Assert.Equal(new[] { "String:'1'", "Operator:::", "Word:int" }, Kinds("'1'::int"));
    }

    [Theory]
    [InlineData("'unterminated")]
    [InlineData("/* unterminated")]
    [InlineData("$tag$ unterminated")]
    [InlineData("\"unterminated")]
    [InlineData("E'\\")]
    public void UnterminatedTokensRunToTheEndAndAreFlagged(string sql)
    {
        var token = Assert.Single(SqlLexer.Tokenize(sql, SqlDialect.Postgres));

        Assert.False(token.IsTerminated);
        Assert.Equal(sql.Length, token.End);
    }

    [Fact]
    public void PrefixLettersInsideAWordAreNotStringPrefixes()
    {
        Assert.Equal(new[] { "Word:name", "String:'x'" }, Kinds("name'x'"));
    }

    [Fact]
    public void EveryCharacterSequenceTokenizesWithoutThrowing()
    {
        var random = new System.Random(1234);
        const string alphabet = "abE$'\"-/*;()[]`.,:@?0123456789 \n\\xX&U";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var sql = new string(chars);
            foreach (var dialect in new[] { SqlDialect.Postgres, SqlDialect.Sqlite })
            {
                var tokens = SqlLexer.Tokenize(sql, dialect);
                var covered = 0;
                foreach (var token in tokens)
                {
                    Assert.True(token.Start >= covered && token.Length > 0, $"bad token in <{sql}>");
                    covered = token.End;
                }

                Assert.True(covered <= sql.Length);
                SqlStatementSplitter.Split(sql, tokens, dialect);
            }
        }
    }
}
