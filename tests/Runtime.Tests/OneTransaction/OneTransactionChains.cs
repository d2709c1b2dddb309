using MigrationChain;

#pragma warning disable CA1034, CA1812 // test chains are nested classes grouped by scenario

namespace MigrationChain.Runtime.Tests.OneTransaction;

/// <summary>Chains for the one-transaction mode; SQL both SQLite and PostgreSQL run.</summary>
public static class OneTransactionChains
{
    /// <summary>Five migrations, each a table and an index; 0004 fails going up when <c>fail_up</c> exists, 0002 going down when <c>fail_down</c> does.</summary>
    public static class FiveSteps
    {
        [Migration("0001_a")]
        public sealed class A : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX ix_a ON a (v)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE a");
        }

        [Migration("0002_b", Parent = "0001_a")]
        public sealed class B : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX ix_b ON b (v)");

            public override void Downgrade(MigrationBuilder m)
            {
                m.Sql("DROP TABLE b");
                if (m.TableExists("fail_down"))
                {
                    m.Sql("INSERT INTO no_such_table VALUES (1)");
                }
            }
        }

        [Migration("0003_c", Parent = "0002_b")]
        public sealed class C : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO a (id, v) VALUES (1, 'from c')");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DELETE FROM a WHERE id = 1; DROP TABLE c");
        }

        [Migration("0004_d", Parent = "0003_c")]
        public sealed class D : Migration
        {
            public override void Upgrade(MigrationBuilder m)
            {
                m.Sql("CREATE TABLE d (id INTEGER PRIMARY KEY)");
                if (m.TableExists("fail_up"))
                {
                    m.Sql("INSERT INTO no_such_table VALUES (1)");
                }
            }

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE d");
        }

        [Migration("0005_e", Parent = "0004_d")]
        public sealed class E : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE e (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE e");
        }
    }

    /// <summary>0003 cannot run in a transaction; 0002 and 0004 can.</summary>
    public static class NonTransactionalInTheMiddle
    {
        [Migration("0001_t")]
        public sealed class T : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE t (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE t");
        }

        [Migration("0002_u", Parent = "0001_t")]
        public sealed class U : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE u (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE u");
        }

        [Migration("0003_outside", Parent = "0002_u", Transactional = false)]
        public sealed class Outside : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE IF NOT EXISTS outside (id INTEGER)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE IF EXISTS outside");
        }

        [Migration("0004_v", Parent = "0003_outside")]
        public sealed class V : Migration
        {
            public override void Upgrade(MigrationBuilder m) => m.Sql("CREATE TABLE v (id INTEGER PRIMARY KEY)");

            public override void Downgrade(MigrationBuilder m) => m.Sql("DROP TABLE v");
        }
    }
}
