using System.Collections.Generic;
using System.Linq;
using MigrationChain.Schema;
using MigrationChain.Sql;

namespace MigrationChain.Rules.Tests.Sql.Online;

/// <summary>The MC5xxx rules on statements alone: the same-migration judgement, state that carries, suppression.</summary>
public class OnlineSafetyRulesTests
{
    private static List<OnlineFinding> Check(string sql, OnlineMigrationFacts? facts = null, string? downgrade = null)
    {
        var up = SqlStatementClassifier.ClassifyAll(sql, SqlDialect.Postgres).Select(s => new OnlineStatement(s, 0)).ToList();
        var down = SqlStatementClassifier.ClassifyAll(downgrade ?? string.Empty, SqlDialect.Postgres).Select(s => new OnlineStatement(s, 1)).ToList();
        return OnlineSafetyRules.Check(up, down, facts ?? new OnlineMigrationFacts("0003") { HasLockTimeout = true });
    }

    private static string Ids(List<OnlineFinding> findings) => string.Join(",", findings.Select(f => f.Id));

    [Fact]
    public void TableCreatedEarlierInTheMigration_IsNew_LaterItIsNot()
    {
        Assert.Equal(string.Empty, Ids(Check("CREATE TABLE t (id int); CREATE INDEX i ON t (id); ALTER TABLE t ADD CHECK (id > 0)")));
        Assert.Equal("MC5001", Ids(Check("CREATE INDEX i ON t (id); CREATE TABLE t (id int)")));
    }

    [Fact]
    public void RenameOfANewTable_StaysNew_DropMakesItGone()
    {
        Assert.Equal(string.Empty, Ids(Check("CREATE TABLE a (id int); ALTER TABLE a RENAME TO b; CREATE INDEX i ON b (id)")));
        Assert.Equal("MC5012,MC5001", Ids(Check("ALTER TABLE s.a RENAME TO b; CREATE INDEX i ON s.b (id)")));
        Assert.Equal("MC5013", Ids(Check("DROP TABLE a; CREATE INDEX i ON a (id)")));
    }

    [Fact]
    public void ChainAge_DecidesForTablesTheMigrationDidNotCreate()
    {
        var facts = new OnlineMigrationFacts("0003")
        {
            HasLockTimeout = true,
            AgeBefore = table => table switch
            {
                "fresh" => TableAge.NewIn("0002"),
                "side" => TableAge.OnParallelBranch(new[] { "0101" }),
                "gone" => TableAge.Gone,
                _ => TableAge.Existing("0001"),
            },
        };

        Assert.Equal("MC5001", Ids(Check("CREATE INDEX a ON fresh (id); CREATE INDEX b ON orders (id); CREATE INDEX c ON gone (id)", facts)));
        var unknown = Assert.Single(Check("CREATE INDEX a ON side (id); ALTER TABLE side ADD CHECK (id > 0)", facts));
        Assert.Equal("MC5016", unknown.Id);
    }

    [Fact]
    public void LockTimeout_IsOncePerMigration_AndAnUnreadableStatementSilencesIt()
    {
        // LockTimeoutSeconds = 0: no limit, not even the runner's default for transactional migrations.
        var facts = new OnlineMigrationFacts("0003") { DisablesLockTimeout = true };
        Assert.Equal("MC5014", Ids(Check("ALTER TABLE a ADD x int DEFAULT 0; ALTER TABLE b ADD y int DEFAULT 0", facts)));

        var unreadableFirst = new List<OnlineStatement> { new(null, 0) };
        unreadableFirst.AddRange(SqlStatementClassifier.ClassifyAll("ALTER TABLE a ADD x int", SqlDialect.Postgres).Select(s => new OnlineStatement(s, 1)));
        Assert.Empty(OnlineSafetyRules.Check(unreadableFirst, new List<OnlineStatement>(), facts));
    }

    [Fact]
    public void LockTimeout_TransactionalMigrationsRunUnderTheRunnersDefault_OthersNeedTheirOwn()
    {
        const string Alter = "ALTER TABLE a ADD x int DEFAULT 0";
        Assert.Empty(Check(Alter, new OnlineMigrationFacts("0003")));
        Assert.Empty(Check(Alter, new OnlineMigrationFacts("0003") { Transactional = null }));
        Assert.Equal("MC5014", Ids(Check(Alter, new OnlineMigrationFacts("0003") { Transactional = false })));
        Assert.Empty(Check(Alter, new OnlineMigrationFacts("0003") { Transactional = false, HasLockTimeout = true }));
        Assert.Equal("MC5014", Ids(Check("SET lock_timeout TO DEFAULT; " + Alter, new OnlineMigrationFacts("0003"))));
    }

    [Fact]
    public void Transactional_UnknownOrFalse_ChangesTheTransactionRules()
    {
        Assert.Equal("MC5003", Ids(Check("CREATE INDEX CONCURRENTLY i ON t (id)")));
        Assert.Empty(Check("CREATE INDEX CONCURRENTLY i ON t (id)", new OnlineMigrationFacts("0003") { Transactional = null, HasLockTimeout = true }));
        Assert.Equal("MC5004", Ids(Check("DROP INDEX CONCURRENTLY a; DROP INDEX CONCURRENTLY b", new OnlineMigrationFacts("0003") { Transactional = false, HasLockTimeout = true })));
        Assert.Equal("MC5003", Ids(Check("SELECT 1", downgrade: "DROP INDEX CONCURRENTLY a")));
    }

    [Fact]
    public void Acknowledgements_SilenceTheirOwnIdsOnly()
    {
        const string sql = "CREATE INDEX CONCURRENTLY i ON t (id); ALTER TABLE t DROP COLUMN c; ALTER TABLE t ALTER COLUMN id TYPE bigint";
        Assert.Equal("MC5003,MC5013,MC5011", Ids(Check(sql)));
        Assert.Equal("MC5003,MC5013", Ids(Check(sql, new OnlineMigrationFacts("0003") { HasLockTimeout = true, AcknowledgesLocks = true })));
        Assert.Equal("MC5003,MC5011", Ids(Check(sql, new OnlineMigrationFacts("0003") { HasLockTimeout = true, IsContractStep = true })));
        Assert.All(Check(sql, new OnlineMigrationFacts("0003") { HasLockTimeout = true, AcknowledgementWithoutReason = true }).Where(f => f.Id == "MC5011"),
            f => Assert.Contains("empty reason", f.Message, System.StringComparison.Ordinal));
    }

    [Fact]
    public void Findings_CarryWhatTheFixesNeed()
    {
        const string sql = "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers (id)";
        var finding = Assert.Single(Check(sql));

        Assert.Equal(sql + " NOT VALID", sql.Insert(finding.InsertOffset, finding.Insert!));
        Assert.Equal("fk", finding.Constraint!.Text);
        Assert.Equal(PostgresLockMode.ShareRowExclusive, finding.Mode);
        Assert.Equal("ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers (id)", sql[finding.ActionStart..finding.ActionEnd]);
        Assert.Contains("SHARE ROW EXCLUSIVE on 'orders', which blocks every write", finding.Message, System.StringComparison.Ordinal);
    }
}
