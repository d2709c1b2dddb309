using MigrationChain;

#pragma warning disable CA1034, CA1812 // a test chain is nested classes

namespace MigrationChain.Hosting.Tests.Support;

/// <summary>s001 is quick; s002 creates a table and then runs one statement for about a minute, to be interrupted.</summary>
public static class SlowChain
{
    [Migration("s001_quick")]
    public sealed class Quick : Migration
    {
        public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE quick (id INTEGER PRIMARY KEY)");

        public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE quick");
    }

    [Migration("s002_slow", Parent = "s001_quick")]
    public sealed class Slow : Migration
    {
        public override void Upgrade(MigrationBuilder m)
        {
            m.Sql("CREATE TABLE slow_marker (id INTEGER PRIMARY KEY)");
            m.Sql(m.Dialect == Sql.SqlDialect.Postgres
                ? "SELECT pg_sleep(60)"
                : "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000000) SELECT max(i) FROM n");
        }

        public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE slow_marker");
    }

    /// <summary>A runner over this chain for the test's database, with the options the host prepared (its logging listener included).</summary>
    public static MigrationRunner Runner(TestHosts hosts, MigrationRunnerOptions options) => hosts.Provider == Provider.Sqlite
        ? MigrationRunner.ForSqliteTypes(hosts.ConnectionString, options, typeof(SlowChain).GetNestedTypes())
        : MigrationRunner.ForPostgresTypes(hosts.ConnectionString, options, typeof(SlowChain).GetNestedTypes());
}
