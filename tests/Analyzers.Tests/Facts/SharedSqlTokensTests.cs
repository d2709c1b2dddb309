using MigrationChain.Analyzers.Facts;
using MigrationChain.Analyzers.Tests.Verification;
using MigrationChain.Sql;

namespace MigrationChain.Analyzers.Tests.Facts;

/// <summary>
/// A <c>Sql</c> literal is lexed once for both the checksum's canonical form and the statements the rules read: the
/// checksum must not depend on which of the two asked first, and the statements must be those of a fresh reading.
/// </summary>
public sealed class SharedSqlTokensTests
{
    private const string Source = """
        using MigrationChain;

        [Migration("0001")]
        public sealed class Init : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE t (id integer) -- a comment\n; CREATE INDEX ix ON t (id)");
                m.Sql(@"ALTER TABLE t ADD COLUMN c text");
                m.Sql("ALTER TABLE " + "t" + " ADD COLUMN d text");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }
        """;

    // The same migration with the SQL laid out differently: the checksum ignores SQL layout and comments.
    private const string Relaid = """
        using MigrationChain;

        [Migration("0001")]
        public sealed class Init : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE   TABLE t (id integer);\n/* other */ CREATE INDEX ix ON t (id)");
                m.Sql(@"ALTER TABLE t
                    ADD COLUMN c text");
                m.Sql("ALTER TABLE " + "t" + " ADD COLUMN d text");
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }
        """;

    // SQL the canonical form treats specially: comments only, an empty text, quoted and non-ASCII text, a surrogate
    // pair outside quotes, a folded concatenation, a verbatim literal and a literal that is not the whole argument.
    private const string Edges = """
        using MigrationChain;

        [Migration("0001")]
        public sealed class Edges : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE t (id integer) -- a comment\n; CREATE INDEX ix ON t (id)");
                m.Sql("/* only a comment */");
                m.Sql("");
                m.Sql("SELECT 'café 🙂', \"quoted id\", $$ body $$ FROM t WHERE x <> 🙂;");
                m.Sql("ALTER TABLE " + "t" + " ADD COLUMN d text");
                m.Sql(@"UPDATE t
                    SET v = 'x' -- trailing");
                m.Sql(Condition ? "SELECT 1" : "SELECT 2");
            }

            private static bool Condition => true;

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }
        """;

    [Fact]
    public void The_checksum_of_SQL_edge_cases_is_the_one_the_canonical_form_as_a_string_gave()
    {
        // Computed by 213f12e, which built each literal's canonical form as a string before hashing it.
        Assert.Equal("7dbf75a8c1311514c89bd8f5719e641d", MigrationChecksum.Compute(Declaration(Edges)));
    }

    [Fact]
    public void The_checksum_is_the_same_whether_it_or_the_statements_read_the_SQL_first()
    {
        var checksumFirst = Declaration(Source);
        var checksum = MigrationChecksum.Compute(checksumFirst);
        var statementsAfter = Statements(checksumFirst);

        var statementsFirst = Declaration(Source);
        var statementsBefore = Statements(statementsFirst);
        Assert.Equal(checksum, MigrationChecksum.Compute(statementsFirst));

        Assert.Equal(checksum, MigrationChecksum.Compute(Declaration(Relaid)));
        Assert.NotEqual(checksum, MigrationChecksum.Compute(Declaration(Source.Replace("ADD COLUMN c text", "ADD COLUMN c int", StringComparison.Ordinal))));

        // The statements read from tokens the checksum left behind are those of a reading that lexed on its own.
        Assert.Equal(statementsBefore, statementsAfter);
        Assert.Equal(
            ["CreateTable t", "CreateIndex t", "AlterTable t", "AlterTable t", "DropTable t"],
            statementsAfter);
    }

    private static MigrationDeclaration Declaration(string source) =>
        TreeFacts.Of(Compilations.Parse(source), TestContext.Current.CancellationToken).Migrations.Single();

    private static List<string> Statements(MigrationDeclaration declaration) =>
        declaration.Methods
            .SelectMany(method => method.Calls)
            .SelectMany(call => call.KnownStatements(SqlDialect.Postgres) ?? [])
            .Select(statement => $"{statement.Kind} {statement.Table?.Plain}")
            .ToList();
}
